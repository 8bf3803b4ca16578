using System.Text.Json.Nodes;
using Braintrust.Traced.Runtime;
using Braintrust.Traced.Tests.Infrastructure;

namespace Braintrust.Traced.Tests;

/// <summary>The contract generated code calls, exercised by hand the way the generator writes it.</summary>
[TestFixture]
public sealed class TracedScopeTests
{
    private InMemorySpanExporter _exporter = null!;
    private BraintrustLogger _logger = null!;

    [SetUp]
    public void InitLogger()
    {
        _exporter = new InMemorySpanExporter();
        _logger = TestLoggers.InMemory(_exporter, o => o.MaxRecordedItems = 3);
    }

    [TearDown]
    public void DisposeLogger() => _logger.Dispose();

    private IReadOnlyList<JsonObject> Spans()
    {
        _logger.Flush();
        return _exporter.MergedSpans();
    }

    [Test]
    public void A_synchronous_call_records_named_inputs_output_and_its_source_location()
    {
        Assert.That(TracedCalls.IsEnabled, Is.True);
        Assert.That(HandTraced.Add(2, 3), Is.EqualTo(5));

        var span = Spans().Single();
        Assert.Multiple(() =>
        {
            Assert.That(span.Name(), Is.EqualTo("add"));
            Assert.That(span["span_attributes"]!["type"]!.GetValue<string>(), Is.EqualTo("function"));
            Assert.That(span["input"]!.ToJsonString(), Is.EqualTo("""{"a":2,"b":3}"""));
            Assert.That(span["output"]!.GetValue<int>(), Is.EqualTo(5));
            Assert.That(span["context"]!["caller_functionname"]!.GetValue<string>(), Is.EqualTo("HandTraced.Add"));
            Assert.That(span["context"]!["caller_filename"]!.GetValue<string>(), Is.EqualTo("HandTraced.cs"));
            Assert.That(span["context"]!["caller_lineno"]!.GetValue<int>(), Is.EqualTo(14));
            Assert.That(span["metrics"]!["end"]!.GetValue<double>(), Is.GreaterThanOrEqualTo(span["metrics"]!["start"]!.GetValue<double>()));
        });
    }

    [Test]
    public void Begin_nests_under_the_current_span_and_Dispose_restores_it()
    {
        using (var root = _logger.StartSpan("root"))
        {
            using (var scope = TracedCalls.Begin(HandTraced.AddMethod))
            {
                Assert.That(Span.Current, Is.SameAs(scope.Span));
                HandTraced.Add(1, 1);
            }

            Assert.That(Span.Current, Is.SameAs(root));
        }

        Assert.That(Span.Current, Is.Null);
        var spans = Spans();
        var root2 = spans.Named("root");
        var outer = spans.AllNamed("add").Single(s => s.Parent() == root2.Str("span_id"));
        var inner = spans.AllNamed("add").Single(s => s != outer);
        Assert.That(inner.Parent(), Is.EqualTo(outer.Str("span_id")));
    }

    [Test]
    public void Log_merges_scores_metadata_and_metrics_key_by_key_and_replaces_the_rest()
    {
        using (var span = _logger.StartSpan("scored"))
        {
            span.Log(output: "first", scores: new Dictionary<string, double?> { ["a"] = 0.1, ["b"] = 0.2 }, metrics: new Dictionary<string, double> { ["tokens"] = 5 });
            span.Log(output: "second", scores: new Dictionary<string, double?> { ["b"] = 0.9 }, tags: ["x"]);
            using var child = span.StartSpan("child", SpanType.Score);
            Assert.That(Span.Current, Is.SameAs(child));
        }

        var spans = Spans();
        var scored = spans.Named("scored");
        Assert.Multiple(() =>
        {
            Assert.That(scored.Str("output"), Is.EqualTo("second"));
            Assert.That(scored["scores"]!.ToJsonString(), Is.EqualTo("""{"a":0.1,"b":0.9}"""));
            Assert.That(scored["metrics"]!["tokens"]!.GetValue<double>(), Is.EqualTo(5));
            Assert.That(spans.Named("child").Parent(), Is.EqualTo(scored.Str("span_id")));
            Assert.That(spans.Named("child")["span_attributes"]!["type"]!.GetValue<string>(), Is.EqualTo("score"));
        });
    }

    [Test]
    public async Task Logs_racing_with_End_are_all_kept_either_in_the_span_row_or_in_merge_rows()
    {
        // The race is narrow (a Log that sees the span end just before its full row is queued), so run it many times.
        const int Rounds = 40;
        for (var round = 0; round < Rounds; round++)
        {
            var span = _logger.StartSpan($"contended-{round}");
            using var start = new Barrier(5);
            var writers = Enumerable.Range(0, 4).Select(writer => Task.Run(() =>
            {
                start.SignalAndWait();
                for (var i = 0; i < 200; i++)
                {
                    span.Log(metadata: new Dictionary<string, object?> { [$"w{writer}-{i}"] = i });
                }
            })).ToList();
            start.SignalAndWait();
            Thread.SpinWait(20_000 * (round % 8));
            span.End();
            await Task.WhenAll(writers);
        }

        var spans = Spans();
        Assert.Multiple(() =>
        {
            for (var round = 0; round < Rounds; round++)
            {
                var metadata = spans.Named($"contended-{round}")["metadata"]!.AsObject();
                Assert.That(metadata, Has.Count.EqualTo(800), $"round {round}");
            }
        });
    }

    [Test]
    public void Out_parameters_are_recorded_as_named_outputs()
    {
        Assert.That(HandTraced.TryParse("17", out var value), Is.True);
        Assert.That(value, Is.EqualTo(17));
        Assert.That(Spans().Single()["output"]!.ToJsonString(), Is.EqualTo("""{"return":true,"value":17}"""));
    }

    [Test]
    public void AddMetadata_records_a_parameter_in_metadata()
    {
        using (var scope = TracedCalls.Begin(HandTraced.AddMethod))
        {
            scope.AddMetadata("tenant", "acme");
        }

        Assert.That(Spans().Single()["metadata"]!["tenant"]!.GetValue<string>(), Is.EqualTo("acme"));
    }

    [Test]
    public void Fail_records_the_exception_and_ends_the_span_once()
    {
        var scope = TracedCalls.Begin(HandTraced.AddMethod);
        try
        {
            throw new InvalidOperationException("boom");
        }
        catch (InvalidOperationException exception)
        {
            scope.Fail(exception);
        }
        finally
        {
            scope.Dispose();
        }

        _logger.Flush();
        Assert.That(_exporter.Rows, Has.Count.EqualTo(1), "Dispose after Fail does not ship the span again");
        var error = _exporter.Rows[0]["error"]!;
        Assert.That(error["type"]!.GetValue<string>(), Is.EqualTo("System.InvalidOperationException"));
        Assert.That(error["message"]!.GetValue<string>(), Is.EqualTo("boom"));
        Assert.That(error["stack_trace"]!.GetValue<string>(), Does.Contain(nameof(Fail_records_the_exception_and_ends_the_span_once)));
    }

    [Test]
    public async Task TraceTask_hands_the_span_to_the_task_and_gives_the_caller_its_span_back_at_once()
    {
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var root = _logger.StartSpan("root");
        var pending = HandTraced.FetchAsync(7, 0, _ => gate.Task);

        Assert.That(Span.Current, Is.SameAs(root), "the caller's current span is restored before the task completes");
        _logger.Flush();
        Assert.That(_exporter.Rows, Is.Empty, "the span stays open while the task runs");

        gate.SetResult(70);
        Assert.That(await pending, Is.EqualTo(70));
        var fetch = Spans().Named("fetch");
        Assert.That(fetch["output"]!.GetValue<int>(), Is.EqualTo(70));
        Assert.That(fetch.Parent(), Is.EqualTo(root.SpanId));
    }

    [Test]
    public void TraceTask_with_a_completed_task_returns_the_same_task()
    {
        var done = Task.FromResult(5);
        var scope = TracedCalls.Begin(HandTraced.FetchMethod);
        var traced = scope.TraceTask(done);
        scope.Dispose();

        Assert.That(traced, Is.SameAs(done));
        Assert.That(Spans().Single()["output"]!.GetValue<int>(), Is.EqualTo(5));
    }

    [Test]
    public async Task A_faulted_task_records_the_error_and_the_caller_still_sees_the_exception()
    {
        var thrown = await Assert.ThrowsAsync<TimeoutException>(() => HandTraced.FetchAsync(1, 0, async _ =>
        {
            await Task.Yield();
            throw new TimeoutException("model too slow");
        }));

        Assert.That(thrown!.Message, Is.EqualTo("model too slow"));
        var span = Spans().Single();
        Assert.That(span["error"]!["type"]!.GetValue<string>(), Is.EqualTo("System.TimeoutException"));
        Assert.That(span.ContainsKey("output"), Is.False);
    }

    [Test]
    public async Task A_cancelled_task_is_recorded_as_cancelled_not_as_an_error()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        await Assert.CatchAsync<OperationCanceledException>(() => HandTraced.FetchAsync(1, 0, _ => Task.FromCanceled<int>(cancellation.Token)));

        var span = Spans().Single();
        Assert.That(span["metadata"]!["cancelled"]!.GetValue<bool>(), Is.True);
        Assert.That(span.ContainsKey("error"), Is.False);
    }

    [Test]
    public async Task TraceValueTask_records_the_result_of_a_pending_value_task()
    {
        var scope = TracedCalls.Begin(HandTraced.FetchMethod);
        var traced = scope.TraceValueTask(new ValueTask<string>(DelayedAsync("late")));
        scope.Dispose();
        var plain = TracedCalls.Begin(HandTraced.FetchMethod);
        var tracedPlain = plain.TraceValueTask(new ValueTask(Task.Delay(10)));
        plain.Dispose();

        Assert.That(await traced, Is.EqualTo("late"));
        await tracedPlain;
        var spans = Spans();
        Assert.That(spans, Has.Count.EqualTo(2));
        Assert.That(spans.Count(s => s["output"]?.GetValue<string>() == "late"), Is.EqualTo(1));

        static async Task<string> DelayedAsync(string value)
        {
            await Task.Delay(10);
            return value;
        }
    }

    [Test]
    public void An_enumerable_span_records_capped_items_with_the_total_count_and_nests_calls_made_while_enumerating()
    {
        Assert.That(HandTraced.Numbers(5).ToList(), Is.EqualTo(new[] { 0, 1, 2, 3, 4 }));

        var spans = Spans();
        var numbers = spans.Named("numbers");
        Assert.Multiple(() =>
        {
            Assert.That(numbers["output"]!.ToJsonString(), Is.EqualTo("[0,1,2]"), "MaxRecordedItems is 3");
            Assert.That(numbers["metadata"]!["item_count"]!.GetValue<long>(), Is.EqualTo(5));
            Assert.That(numbers["metadata"]!.AsObject().ContainsKey("stopped_early"), Is.False);
            Assert.That(spans.AllNamed("add").Select(s => s.Parent()), Is.All.EqualTo(numbers.Str("span_id")));
            Assert.That(spans.AllNamed("add"), Has.Count.EqualTo(5));
        });
    }

    [Test]
    public void Breaking_out_of_an_enumerable_ends_its_span_as_stopped_early()
    {
        foreach (var number in HandTraced.Numbers(100))
        {
            if (number == 1)
            {
                break;
            }
        }

        var numbers = Spans().Named("numbers");
        Assert.That(numbers["metadata"]!["item_count"]!.GetValue<long>(), Is.EqualTo(2));
        Assert.That(numbers["metadata"]!["stopped_early"]!.GetValue<bool>(), Is.True);
    }

    [Test]
    public void An_enumerable_that_throws_records_the_error()
    {
        Assert.Throws<InvalidOperationException>(() => HandTraced.Numbers(5, throwAt: 2).ToList());

        var numbers = Spans().Named("numbers");
        Assert.That(numbers["error"]!["message"]!.GetValue<string>(), Is.EqualTo("bad item 2"));
        Assert.That(numbers["metadata"]!["item_count"]!.GetValue<long>(), Is.EqualTo(2));
    }

    [Test]
    public async Task An_async_enumerable_nests_calls_made_across_awaits_and_records_the_items()
    {
        var items = new List<int>();
        await foreach (var item in HandTraced.StreamAsync(3))
        {
            items.Add(item);
        }

        Assert.That(items, Is.EqualTo(new[] { 0, 10, 20 }));
        var spans = Spans();
        var stream = spans.Named("stream");
        Assert.That(stream["output"]!.ToJsonString(), Is.EqualTo("[0,10,20]"));
        Assert.That(spans.AllNamed("fetch").Select(s => s.Parent()), Is.All.EqualTo(stream.Str("span_id")));
        Assert.That(spans.AllNamed("fetch"), Has.Count.EqualTo(3));
    }

    [Test]
    public async Task The_enumerators_cancellation_token_reaches_the_source_and_is_recorded_as_cancelled()
    {
        using var cancellation = new CancellationTokenSource();
        await Assert.CatchAsync<OperationCanceledException>(async () =>
        {
            await foreach (var item in HandTraced.StreamAsync(10).WithCancellation(cancellation.Token))
            {
                cancellation.Cancel();
            }
        });

        var stream = Spans().Named("stream");
        Assert.That(stream["metadata"]!["cancelled"]!.GetValue<bool>(), Is.True);
        Assert.That(stream["metadata"]!["item_count"]!.GetValue<long>(), Is.EqualTo(1));
        Assert.That(stream.ContainsKey("error"), Is.False);
    }

    [Test]
    public void With_tracing_off_Begin_is_a_no_op_and_tasks_pass_through_unchanged()
    {
        _logger.Dispose();
        Assert.That(TracedCalls.IsEnabled, Is.False);

        var scope = TracedCalls.Begin(HandTraced.FetchMethod);
        var task = Task.FromResult(1);
        var sequence = new[] { 1, 2 };
        Assert.That(scope.Span, Is.Null);
        Assert.That(scope.TraceTask(task), Is.SameAs(task));
        Assert.That(scope.TraceEnumerable(sequence), Is.SameAs(sequence));
        scope.SetInput([1]);
        scope.Dispose();
        Assert.That(_exporter.Rows, Is.Empty);
    }
}

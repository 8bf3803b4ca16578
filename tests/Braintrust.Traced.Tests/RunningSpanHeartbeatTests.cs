using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Braintrust.Traced.Shipping;

namespace Braintrust.Traced.Tests;

/// <summary>
/// A span shipped early keeps saying it is alive every <see cref="BraintrustOptions.RunningSpanHeartbeat"/> until it
/// ends, with rows that carry its identity only, so a server can tell a span still working from one whose process died.
/// </summary>
[TestFixture]
public sealed class RunningSpanHeartbeatTests
{
    private static readonly string[] s_identityFields = ["id", "span_id", "root_span_id", "project_id", "log_id", "_is_merge"];

    [Test]
    public async Task A_span_open_for_several_heartbeats_ships_its_early_row_then_identity_only_heartbeats_then_its_end()
    {
        var exporter = new InMemorySpanExporter();
        await using var logger = Logger(exporter, heartbeat: TimeSpan.FromMilliseconds(40));
        using var root = logger.StartSpan("agent");
        var call = root.StartSpan("model_call", SpanType.Llm, setCurrent: false);
        call.Log(input: "summarize the contract", tags: ["beta"]);

        await WaitForAsync(exporter, call.Id, rows => rows.Count(IsHeartbeat) >= 3, "three heartbeats");
        call.Log(output: "three clauses");
        call.End();
        await logger.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10));

        var rows = RowsOf(exporter, call.Id);
        var early = rows[0];
        var heartbeats = rows.Skip(1).Take(rows.Count - 2).ToList();
        var last = rows[^1];
        Assert.Multiple(() =>
        {
            Assert.That(early["span_attributes"]!["name"]!.GetValue<string>(), Is.EqualTo("model_call"), "the early row comes first");
            Assert.That(heartbeats, Has.Count.GreaterThanOrEqualTo(3));
            Assert.That(heartbeats.All(IsHeartbeat), Is.True, "only heartbeats between the early row and the end");
            Assert.That(last["metrics"]!["end"], Is.Not.Null, "the row at the end comes last");
        });
        foreach (var heartbeat in heartbeats)
        {
            Assert.That(heartbeat.Select(field => field.Key), Is.EquivalentTo(s_identityFields), "identity only: nothing it could overwrite");
            Assert.That(heartbeat["_is_merge"]!.GetValue<bool>(), Is.True);
            foreach (var field in new[] { "id", "span_id", "root_span_id", "project_id", "log_id" })
            {
                Assert.That(heartbeat[field]!.GetValue<string>(), Is.EqualTo(early[field]!.GetValue<string>()), $"{field} as in the early row");
            }
        }

        var stored = exporter.MergedSpans().Single(s => s["id"]!.GetValue<string>() == call.Id);
        Assert.Multiple(() =>
        {
            Assert.That(stored["input"]!.GetValue<string>(), Is.EqualTo("summarize the contract"));
            Assert.That(stored["output"]!.GetValue<string>(), Is.EqualTo("three clauses"));
            Assert.That(stored["tags"]!.AsArray().Single()!.GetValue<string>(), Is.EqualTo("beta"));
            Assert.That(stored["span_parents"]!.AsArray().Single()!.GetValue<string>(), Is.EqualTo(root.SpanId));
        });
    }

    [Test]
    public async Task A_heartbeat_arriving_after_the_spans_end_changes_nothing_stored()
    {
        var exporter = new InMemorySpanExporter();
        await using var logger = Logger(exporter, heartbeat: TimeSpan.FromMilliseconds(40));
        var span = logger.StartSpan("agent", setCurrent: false);
        span.Log(input: "plan a trip");
        await WaitForAsync(exporter, span.Id, rows => rows.Any(IsHeartbeat), "a heartbeat");
        span.Log(output: "booked", metadata: new Dictionary<string, object?> { ["step"] = 3 });
        span.End();
        await logger.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var before = exporter.MergedSpans().Single().ToJsonString();

        // Delivery order is not guaranteed end to end (retries, several processes): replay a heartbeat after the end.
        var late = exporter.Rows.First(IsHeartbeat);
        await exporter.ExportAsync(SpanRowBatch.Create([late]), CancellationToken.None);

        Assert.That(exporter.MergedSpans().Single().ToJsonString(), Is.EqualTo(before));
    }

    [Test]
    public async Task A_span_that_ends_before_its_first_heartbeat_gets_none()
    {
        var exporter = new InMemorySpanExporter();
        Span? span = null;

        // The span ends while its early row is being exported: after the worker shipped the early row, before any
        // heartbeat could fall due, however slow the machine.
        var endingExporter = new ExporterWithHook(exporter, rows =>
        {
            if (span is not null && rows.Any(row => row.ToJsonObject()["id"]?.GetValue<string>() == span.Id))
            {
                span.End();
            }
        });
        await using var logger = Logger(endingExporter, heartbeat: TimeSpan.FromMilliseconds(40));
        span = logger.StartSpan("agent", setCurrent: false);

        await WaitForAsync(exporter, span.Id, rows => rows.Count >= 1, "the early row");
        await Task.Delay(400); // ten heartbeat periods
        await logger.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10));

        var rows = RowsOf(exporter, span.Id);
        Assert.That(rows, Has.Count.EqualTo(2), "the early row and the row at the end");
        Assert.That(rows.Any(IsHeartbeat), Is.False);
        Assert.That(rows[1]["metrics"]!["end"], Is.Not.Null);
    }

    [Test]
    public async Task After_a_span_ends_its_heartbeats_stop()
    {
        var exporter = new InMemorySpanExporter();
        await using var logger = Logger(exporter, heartbeat: TimeSpan.FromMilliseconds(40));
        var span = logger.StartSpan("agent", setCurrent: false);
        await WaitForAsync(exporter, span.Id, rows => rows.Count(IsHeartbeat) >= 2, "two heartbeats");

        span.End();
        await logger.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var atEnd = RowsOf(exporter, span.Id).Count;
        await Task.Delay(400); // ten heartbeat periods
        await logger.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10));

        var rows = RowsOf(exporter, span.Id);
        Assert.That(rows, Has.Count.EqualTo(atEnd));
        Assert.That(rows[^1]["metrics"]!["end"], Is.Not.Null, "nothing follows the row at the end");
    }

    [Test]
    public async Task Disposing_the_logger_stops_the_heartbeats_of_spans_still_open()
    {
        var exporter = new InMemorySpanExporter();
        var logger = Logger(exporter, heartbeat: TimeSpan.FromMilliseconds(40));
        var span = logger.StartSpan("agent", setCurrent: false);
        await WaitForAsync(exporter, span.Id, rows => rows.Count(IsHeartbeat) >= 2, "two heartbeats");

        await logger.DisposeAsync();
        var atDispose = exporter.Rows.Count;
        await Task.Delay(400); // ten heartbeat periods
        Assert.That(exporter.Rows, Has.Count.EqualTo(atDispose));
        span.End();
    }

    [Test]
    public async Task Turned_off_a_running_span_ships_only_its_early_row_and_its_end()
    {
        var exporter = new InMemorySpanExporter();
        await using var logger = Logger(exporter, heartbeat: null);
        var span = logger.StartSpan("agent", setCurrent: false);
        await WaitForAsync(exporter, span.Id, rows => rows.Count >= 1, "the early row");
        await Task.Delay(400);

        span.End();
        await logger.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10));

        var rows = RowsOf(exporter, span.Id);
        Assert.That(rows, Has.Count.EqualTo(2), "the early row and the row at the end");
        Assert.That(rows.Any(IsHeartbeat), Is.False);
    }

    [Test]
    public async Task A_span_started_while_another_is_heartbeating_still_ships_its_early_row_on_time()
    {
        var exporter = new InMemorySpanExporter();

        // The first span's next heartbeat is an hour away: the second's early row must not wait behind it.
        await using var logger = Logger(exporter, heartbeat: TimeSpan.FromHours(1));
        using var first = logger.StartSpan("first", setCurrent: false);
        await WaitForAsync(exporter, first.Id, rows => rows.Count >= 1, "the first span's early row");

        using var second = logger.StartSpan("second", setCurrent: false);
        await WaitForAsync(exporter, second.Id, rows => rows.Count >= 1, "the second span's early row");
    }

    [Test]
    public async Task A_span_that_ended_while_waiting_for_its_heartbeat_is_not_kept_in_memory_until_then()
    {
        // A model call's span holds its whole prompt and answer: waiting on it for its next beat, an hour away here (a
        // minute by default), must not keep it, and thousands like it, alive after it ended.
        var exporter = new InMemorySpanExporter();
        await using var logger = Logger(exporter, heartbeat: TimeSpan.FromHours(1));
        // The agent, still open, waits ahead of the model call for its own heartbeat.
        using var agent = logger.StartSpan("agent", setCurrent: false);
        await WaitForAsync(exporter, agent.Id, rows => rows.Count >= 1, "the agent's early row");
        var ended = await EndAfterItsEarlyRowAsync(logger, exporter);
        await logger.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10));

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.That(ended.TryGetTarget(out _), Is.False, "the ended span was collected before its heartbeat fell due");
    }

    [Test]
    public void A_heartbeat_that_is_not_positive_is_refused_by_name()
    {
        foreach (var heartbeat in new[] { TimeSpan.Zero, TimeSpan.FromSeconds(-1) })
        {
            var exception = Assert.Throws<ArgumentException>(() => BraintrustLogger.Init("p",
                new BraintrustOptions { Exporter = new InMemorySpanExporter(), RunningSpanHeartbeat = heartbeat }));
            Assert.That(exception!.Message, Does.StartWith($"BraintrustOptions.RunningSpanHeartbeat must be a positive duration, not {heartbeat}."));
            Assert.That(exception.ParamName, Is.EqualTo(nameof(BraintrustOptions.RunningSpanHeartbeat)));
        }
    }

    [Test]
    public void A_watch_full_of_heartbeating_spans_takes_new_spans_again_once_they_end()
    {
        var exporter = new InMemorySpanExporter();
        using var logger = BraintrustLogger.Init("p", new BraintrustOptions { Exporter = exporter, ShowRunningTracesAfter = null });
        var watch = new RunningSpanWatch(TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(1));
        var now = DateTime.UtcNow.AddMinutes(1).Ticks;
        var open = Enumerable.Range(0, RunningSpanWatch.Capacity).Select(_ => logger.StartSpan("long", setCurrent: false)).ToList();
        foreach (var span in open)
        {
            watch.Watch(span);
        }

        // Each span comes due for its early row and re-enters for its heartbeat: the watch stays full, never over.
        while (watch.TryTakeDue(now, out var due, out _))
        {
            watch.WatchForHeartbeat(due!, now);
        }

        Assert.That(watch.Count, Is.EqualTo(RunningSpanWatch.Capacity));
        var late = logger.StartSpan("late", setCurrent: false);
        watch.Watch(late);
        Assert.That(watch.Count, Is.EqualTo(RunningSpanWatch.Capacity), "full of open spans: the new one ships only at its end");

        open[0].End();
        watch.Watch(late);
        Assert.That(watch.Count, Is.EqualTo(RunningSpanWatch.Capacity), "the ended span was pruned to make room");
        Assert.That(watch.TryTakeDue(now, out var next, out var nextIsHeartbeat), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(next, Is.SameAs(late), "the new span's early row is due; the heartbeats are an hour away");
            Assert.That(nextIsHeartbeat, Is.False);
        });
    }

    [Test]
    public void Heartbeats_falling_due_close_together_ship_in_one_batch_and_early_rows_go_first()
    {
        var exporter = new InMemorySpanExporter();
        using var logger = BraintrustLogger.Init("p", new BraintrustOptions { Exporter = exporter, ShowRunningTracesAfter = null });
        var interval = TimeSpan.FromMinutes(80);
        var watch = new RunningSpanWatch(TimeSpan.FromMinutes(1), interval);
        var start = DateTime.UtcNow.Ticks;
        var (first, second, third) = (logger.StartSpan("first", setCurrent: false), logger.StartSpan("second", setCurrent: false), logger.StartSpan("third", setCurrent: false));
        watch.WatchForHeartbeat(first, start);
        watch.WatchForHeartbeat(second, start + TimeSpan.FromMinutes(5).Ticks);
        watch.WatchForHeartbeat(third, start + TimeSpan.FromMinutes(20).Ticks);
        var late = logger.StartSpan("late", setCurrent: false);
        watch.Watch(late);

        var firstDue = start + interval.Ticks;
        var taken = new List<(Span Span, bool IsHeartbeat)>();
        while (watch.TryTakeDue(firstDue, out var span, out var isHeartbeat))
        {
            taken.Add((span!, isHeartbeat));
        }

        // The second's heartbeat is 5 minutes off, within an eighth of 80; the third's, 20 minutes off, waits.
        Assert.That(taken, Is.EqualTo(new[] { (late, false), (first, true), (second, true) }));
        Assert.That(watch.NextDueTicks(), Is.EqualTo(start + TimeSpan.FromMinutes(100).Ticks));
    }

    /// <summary>
    /// Starts a span with a large input, waits until its early row has shipped (so it waits for its heartbeat), ends it,
    /// and keeps only a weak reference. Not inlined, so that no local of the test keeps the span alive.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<WeakReference<Span>> EndAfterItsEarlyRowAsync(BraintrustLogger logger, InMemorySpanExporter exporter)
    {
        var span = logger.StartSpan("model_call", SpanType.Llm, setCurrent: false);
        span.Log(input: new string('x', 100_000));
        await WaitForAsync(exporter, span.Id, rows => rows.Count >= 1, "the early row");
        span.End();
        return new WeakReference<Span>(span);
    }

    private static BraintrustLogger Logger(ISpanExporter exporter, TimeSpan? heartbeat) => BraintrustLogger.Init("in-memory", new BraintrustOptions
    {
        Exporter = exporter,
        ProjectId = "project-1",
        FlushInterval = TimeSpan.FromMilliseconds(20),
        ShowRunningTracesAfter = TimeSpan.FromMilliseconds(30),
        RunningSpanHeartbeat = heartbeat,
    });

    /// <summary>A heartbeat: a merge row with no field beyond the span's identity (an early row has at least its name).</summary>
    private static bool IsHeartbeat(JsonObject row) => row["span_attributes"] is null && row["_is_merge"]?.GetValue<bool>() == true;

    private static List<JsonObject> RowsOf(InMemorySpanExporter exporter, string id)
        => exporter.Rows.Where(r => r["id"]?.GetValue<string>() == id).ToList();

    /// <summary>Waits (bounded) until the span's rows satisfy <paramref name="condition"/>.</summary>
    private static async Task WaitForAsync(InMemorySpanExporter exporter, string id, Func<List<JsonObject>, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition(RowsOf(exporter, id)))
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{what} of span {id} within 10 s; got {RowsOf(exporter, id).Count} rows");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>Runs <paramref name="hook"/> on each batch before handing it to <paramref name="inner"/>.</summary>
    private sealed class ExporterWithHook(InMemorySpanExporter inner, Action<SpanRowBatch> hook) : ISpanExporter
    {
        public Task ExportAsync(SpanRowBatch rows, CancellationToken cancellationToken)
        {
            hook(rows);
            return inner.ExportAsync(rows, cancellationToken);
        }
    }
}

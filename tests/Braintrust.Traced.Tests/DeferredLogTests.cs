using System.Text;
using System.Text.Json.Nodes;
using Braintrust.Traced.Tests.Infrastructure;

namespace Braintrust.Traced.Tests;

/// <summary>
/// <see cref="Span.LogDeferred"/> and <see cref="RawJson"/>, the entry points that let an integration keep parsing and
/// serializing off the traced call: the values still reach the row, what <see cref="Span.Log"/> set wins, and a failing
/// or malformed value never costs the row.
/// </summary>
[TestFixture]
public sealed class DeferredLogTests
{
    private InMemorySpanExporter _exporter = null!;
    private BraintrustLogger _logger = null!;

    [SetUp]
    public void CreateLogger()
    {
        _exporter = new InMemorySpanExporter();
        _logger = TestLoggers.InMemory(_exporter, options => options.MaxFieldBytes = 200);
    }

    [TearDown]
    public void DisposeLogger() => _logger.Dispose();

    [Test]
    public void Deferred_values_reach_the_row_and_are_worked_out_off_the_callers_thread()
    {
        var values = new RecordingLog(new SpanLogValues(
            Input: new RawJson("""[{"role":"user","content":"hi"}]"""u8.ToArray()),
            Output: "hello",
            Metadata: new Dictionary<string, object?> { ["model"] = "m1" },
            Metrics: new Dictionary<string, double> { ["tokens"] = 7 }));
        var span = _logger.StartSpan("call");
        span.LogDeferred(values);
        span.End();

        var row = Spans().Named("call");
        Assert.Multiple(() =>
        {
            Assert.That(row["input"]!.ToJsonString(), Is.EqualTo("""[{"role":"user","content":"hi"}]"""));
            Assert.That(row.Str("output"), Is.EqualTo("hello"));
            Assert.That(row["metadata"]!["model"]!.GetValue<string>(), Is.EqualTo("m1"));
            Assert.That(row["metrics"]!["tokens"]!.GetValue<double>(), Is.EqualTo(7));
            Assert.That(values.Calls, Is.EqualTo(1));
            Assert.That(values.ThreadId, Is.Not.EqualTo(Environment.CurrentManagedThreadId), "resolved on the shipper's worker");
        });
    }

    [Test]
    public void Values_given_to_Log_win_over_deferred_ones_before_and_after()
    {
        var span = _logger.StartSpan("call");
        span.Log(output: "from Log", metadata: new Dictionary<string, object?> { ["model"] = "logged" });
        span.LogDeferred(new RecordingLog(new SpanLogValues(
            Input: "deferred input",
            Output: "deferred output",
            Metadata: new Dictionary<string, object?> { ["model"] = "deferred", ["provider"] = "p" },
            Metrics: new Dictionary<string, double> { ["tokens"] = 1, ["prompt_tokens"] = 1 })));
        span.Log(metrics: new Dictionary<string, double> { ["tokens"] = 5 });
        span.End();

        var row = Spans().Named("call");
        Assert.Multiple(() =>
        {
            Assert.That(row.Str("input"), Is.EqualTo("deferred input"), "a field Log never set comes from the deferred log");
            Assert.That(row.Str("output"), Is.EqualTo("from Log"));
            Assert.That(row["metadata"]!["model"]!.GetValue<string>(), Is.EqualTo("logged"));
            Assert.That(row["metadata"]!["provider"]!.GetValue<string>(), Is.EqualTo("p"));
            Assert.That(row["metrics"]!["tokens"]!.GetValue<double>(), Is.EqualTo(5));
            Assert.That(row["metrics"]!["prompt_tokens"]!.GetValue<double>(), Is.EqualTo(1));
        });
    }

    [Test]
    public void A_deferred_log_that_throws_leaves_the_row_with_an_error_saying_so()
    {
        var span = _logger.StartSpan("call");
        span.Log(output: "kept");
        span.LogDeferred(new ThrowingLog());
        span.End();

        var row = Spans().Named("call");
        Assert.Multiple(() =>
        {
            Assert.That(row.Str("output"), Is.EqualTo("kept"));
            Assert.That(row.Str("error"), Does.StartWith("[deferred log failed: InvalidOperationException: parser broke"));
        });
    }

    [Test]
    public void A_deferred_log_after_End_ships_as_a_merge_row()
    {
        var span = _logger.StartSpan("call");
        span.End();
        span.LogDeferred(new RecordingLog(new SpanLogValues(Output: "late", Error: "failed late")));

        var row = Spans().Named("call");
        Assert.Multiple(() =>
        {
            Assert.That(row.Str("output"), Is.EqualTo("late"));
            Assert.That(row.Str("error"), Is.EqualTo("failed late"));
        });
    }

    [Test]
    public void LogDeferred_rejects_null()
    {
        using var span = _logger.StartSpan("call");
        Assert.That(() => span.LogDeferred(null!), Throws.ArgumentNullException);
    }

    [Test]
    public void RawJson_that_is_not_one_JSON_value_becomes_a_marker_and_the_row_is_kept()
    {
        using (var span = _logger.StartSpan("call"))
        {
            span.Log(input: new RawJson("{\"a\":"u8.ToArray()), output: new RawJson("1 2"u8.ToArray()));
        }

        var row = Spans().Named("call");
        Assert.Multiple(() =>
        {
            Assert.That(row.Str("input"), Is.EqualTo("[unserializable: the RawJson text is not one valid JSON value]"));
            Assert.That(row.Str("output"), Is.EqualTo("[unserializable: the RawJson text is not one valid JSON value]"));
        });
    }

    [Test]
    public void RawJson_over_the_field_limit_is_truncated_like_any_value()
    {
        var json = "[" + string.Join(",", Enumerable.Range(0, 100)) + "]";
        using (var span = _logger.StartSpan("call"))
        {
            span.Log(input: new RawJson(Encoding.UTF8.GetBytes(json)));
        }

        var input = Spans().Named("call").Str("input");
        Assert.Multiple(() =>
        {
            Assert.That(input, Does.StartWith($"[truncated: {json.Length} bytes exceed the 200-byte field limit] [0,1,2,"));
            Assert.That(Encoding.UTF8.GetByteCount(input), Is.LessThanOrEqualTo(200));
        });
    }

    [Test]
    public void RawJson_in_metadata_is_written_as_the_JSON_it_holds()
    {
        using (var span = _logger.StartSpan("call"))
        {
            span.Log(metadata: new Dictionary<string, object?> { ["temperature"] = new RawJson("0.25"u8.ToArray()), ["tools"] = new RawJson("""[{"type":"function"}]"""u8.ToArray()) });
        }

        var metadata = Spans().Named("call")["metadata"]!;
        Assert.Multiple(() =>
        {
            Assert.That(metadata["temperature"]!.GetValue<double>(), Is.EqualTo(0.25));
            Assert.That(metadata["tools"]![0]!["type"]!.GetValue<string>(), Is.EqualTo("function"));
        });
    }

    private IReadOnlyList<JsonObject> Spans()
    {
        _logger.Flush();
        return _exporter.MergedSpans();
    }

    private sealed class RecordingLog(SpanLogValues values) : IDeferredSpanLog
    {
        public int Calls { get; private set; }

        public int ThreadId { get; private set; }

        public SpanLogValues Resolve()
        {
            Calls++;
            ThreadId = Environment.CurrentManagedThreadId;
            return values;
        }
    }

    private sealed class ThrowingLog : IDeferredSpanLog
    {
        public SpanLogValues Resolve() => throw new InvalidOperationException("parser broke");
    }
}

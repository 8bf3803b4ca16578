using System.Text.Json.Nodes;

namespace Braintrust.Traced.Generator.Tests.Infrastructure;

/// <summary>A logger recording into memory for the length of one test: the spans the generated code produced.</summary>
internal sealed class TracingSession : IDisposable
{
    private readonly InMemorySpanExporter _exporter = new();
    private readonly BraintrustLogger _logger;

    public TracingSession()
    {
        _logger = BraintrustLogger.Init("generator-tests", new BraintrustOptions { Exporter = _exporter });
    }

    /// <summary>Every span shipped so far, merge rows folded in, in the order they were first seen.</summary>
    public IReadOnlyList<JsonObject> Spans()
    {
        _logger.Flush();
        return _exporter.MergedSpans();
    }

    public JsonObject SingleSpan()
    {
        var spans = Spans();
        Assert.That(spans, Has.Count.EqualTo(1), () => "expected one span, got:\n" + string.Join("\n", spans.Select(s => s.ToJsonString())));
        return spans[0];
    }

    public JsonObject SpanNamed(string name) =>
        Spans().Single(s => s["span_attributes"]?["name"]?.GetValue<string>() == name);

    public void Dispose() => _logger.Dispose();
}

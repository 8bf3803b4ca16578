using System.Text.Json.Nodes;

namespace Braintrust.Traced.OpenAI.Tests;

/// <summary>A logger that keeps its rows in memory, and helpers to read the spans it shipped.</summary>
internal sealed class TracingHarness : IDisposable
{
    private readonly InMemorySpanExporter _exporter = new();

    /// <param name="maxFieldBytes">The logger's field size limit; its default when <see langword="null"/>.</param>
    public TracingHarness(int? maxFieldBytes = null)
    {
        var options = new BraintrustOptions { Exporter = _exporter };
        if (maxFieldBytes is { } limit)
        {
            options.MaxFieldBytes = limit;
        }

        Logger = BraintrustLogger.Init("openai-wrapper-tests", options);
    }

    public BraintrustLogger Logger { get; }

    /// <summary>Every span shipped so far, merge rows folded in.</summary>
    public IReadOnlyList<JsonObject> Spans()
    {
        Logger.Flush();
        return _exporter.MergedSpans();
    }

    /// <summary>The llm spans shipped so far.</summary>
    public IReadOnlyList<JsonObject> LlmSpans() =>
        [.. Spans().Where(span => span["span_attributes"]?["type"]?.GetValue<string>() == "llm")];

    /// <summary>The single llm span; fails the test if there is not exactly one.</summary>
    public JsonObject SingleLlmSpan()
    {
        var spans = LlmSpans();
        Assert.That(spans, Has.Count.EqualTo(1), "llm spans shipped");
        return spans[0];
    }

    /// <summary>Every raw row as JSON text: what would go over the wire.</summary>
    public string AllRowsText()
    {
        Logger.Flush();
        return string.Join("\n", _exporter.Rows.Select(row => row.ToJsonString()));
    }

    public void Dispose() => Logger.Dispose();
}

namespace Braintrust.Traced.OpenAI.Benchmarks;

/// <summary>Accepts rows and drops them: the benchmarks measure the caller's cost, not delivery.</summary>
internal sealed class DiscardingExporter : ISpanExporter
{
    public Task ExportAsync(SpanRowBatch rows, CancellationToken cancellationToken) => Task.CompletedTask;
}

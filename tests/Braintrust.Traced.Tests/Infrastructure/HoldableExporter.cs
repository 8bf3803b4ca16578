namespace Braintrust.Traced.Tests.Infrastructure;

/// <summary>
/// Passes batches to an <see cref="InMemorySpanExporter"/>, and can keep the shipper's worker inside one export. The
/// worker looks at running spans only between exports, so a test that holds it can start a span and log to it before
/// the worker may take the span's early row. Without the hold that is a race against
/// <see cref="BraintrustOptions.ShowRunningTracesAfter"/>: a loaded machine can stall the test thread longer than a
/// 50 ms delay between StartSpan and Log, and the early row then rightly ships without the input.
/// </summary>
internal sealed class HoldableExporter(InMemorySpanExporter inner) : ISpanExporter
{
    private readonly Lock _sync = new();
    private Hold? _pending;

    /// <summary>
    /// Ships one marker span and keeps the worker in that export until the returned hold is released (or disposed).
    /// Call it before anything else is queued, so the marker's export is the worker's next one.
    /// </summary>
    public async Task<Hold> HoldWorkerAsync(BraintrustLogger logger)
    {
        var hold = new Hold();
        lock (_sync)
        {
            _pending = hold;
        }

        using (logger.StartSpan("hold_the_worker"))
        {
        }

        _ = logger.FlushAsync();
        await hold.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        return hold;
    }

    public async Task ExportAsync(SpanRowBatch rows, CancellationToken cancellationToken)
    {
        Hold? hold;
        lock (_sync)
        {
            hold = _pending;
            _pending = null;
        }

        if (hold is not null)
        {
            hold.Entered.SetResult();
            await hold.Released.Task.WaitAsync(cancellationToken);
        }

        await inner.ExportAsync(rows, cancellationToken);
    }

    /// <summary>The worker, kept inside an export until <see cref="Release"/>.</summary>
    internal sealed class Hold : IDisposable
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => Released.TrySetResult();

        public void Dispose() => Release();
    }
}

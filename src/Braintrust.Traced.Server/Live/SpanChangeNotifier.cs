namespace Braintrust.Traced.Server.Live;

/// <summary>
/// Wakes live streams after each committed batch. Waiters re-query the store for changes after their last
/// transaction id, so a missed wake-up costs latency (bounded by their timeout), never data.
/// </summary>
public sealed class SpanChangeNotifier
{
    private TaskCompletionSource _changed = NewSignal();

    public void Publish() => Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();

    /// <summary>
    /// Captures the current signal now and completes with true at the next publish, or false after
    /// <paramref name="timeout"/>. Call it before querying so a commit during the query still wakes the caller.
    /// </summary>
    public Task<bool> NextChangeAsync(TimeSpan timeout, CancellationToken ct)
    {
        var signal = Volatile.Read(ref _changed).Task;
        return WaitAsync(signal, timeout, ct);
    }

    private static async Task<bool> WaitAsync(Task signal, TimeSpan timeout, CancellationToken ct)
    {
        var winner = await Task.WhenAny(signal, Task.Delay(timeout, ct));
        ct.ThrowIfCancellationRequested();
        return winner == signal;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

using System.Collections.Concurrent;

namespace Braintrust.Traced.Server.Proxy;

/// <summary>
/// Identical requests in flight at the same time share one upstream call: the first caller (the leader) does the
/// work, later callers with the same key wait for its result. The key leaves the table once the leader finishes,
/// after the result was stored in the cache, so the next caller finds it there instead.
/// </summary>
internal sealed class SingleFlight<T>
{
    private readonly ConcurrentDictionary<string, Task<T>> _inFlight = new(StringComparer.Ordinal);

    /// <summary>How many distinct keys are being worked on right now.</summary>
    public int Count => _inFlight.Count;

    /// <returns>The result, and whether it came from another caller's call.</returns>
    public async Task<(T Value, bool Shared)> RunAsync(string key, Func<Task<T>> work)
    {
        var mine = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var current = _inFlight.GetOrAdd(key, mine.Task);
        if (current != mine.Task)
        {
            return (await current, true);
        }
        try
        {
            var value = await work();
            mine.SetResult(value);
            return (value, false);
        }
        catch (Exception error)
        {
            mine.SetException(error);
            // Nobody may be waiting: observe the exception here so it is not reported as unobserved.
            _ = mine.Task.Exception;
            throw;
        }
        finally
        {
            _inFlight.TryRemove(new KeyValuePair<string, Task<T>>(key, mine.Task));
        }
    }
}

using System.Diagnostics;

namespace Braintrust.Traced.Server.Tests.Infrastructure;

/// <summary>
/// Waits for behaviour that is documented to happen "a moment later" (search sees a write once the background
/// indexer ran): polls the real query until it answers as expected, failing after a bounded time.
/// </summary>
internal static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }
            if (Stopwatch.GetElapsedTime(started) > limit)
            {
                Assert.Fail($"{what}: not seen within {limit.TotalSeconds:0} s");
            }
            await Task.Delay(20);
        }
    }
}

using Braintrust.Traced.Server.Storage;

namespace Braintrust.Traced.Server.Query;

/// <summary>
/// Whether a span is still running, judged at one moment (<see cref="Now"/>, Unix seconds by the server's clock, so
/// a browser's clock skew does not matter). A span with a start and no end is running while the server heard of it
/// (last_heard) within <see cref="TimeoutSeconds"/>; after that the process that logged it has likely stopped, and
/// the span is unfinished. A span stored before the server recorded last_heard is judged by its start instead.
/// </summary>
internal readonly record struct SpanLiveness(double Now, double TimeoutSeconds)
{
    public bool IsRunning(StoredSpan span) => RunningUntil(span) is not null;

    /// <summary>
    /// The last moment (Unix seconds, server clock) the span counts as running unless it is heard of again; null when
    /// it is not running now.
    /// </summary>
    public double? RunningUntil(StoredSpan span)
    {
        if (span.Start is not { } start || span.End is not null)
        {
            return null;
        }
        var heard = span.LastHeard ?? start;
        return Now - heard <= TimeoutSeconds ? heard + TimeoutSeconds : null;
    }
}

/// <summary>Takes a <see cref="SpanLiveness"/> at the current time with the configured running timeout.</summary>
internal sealed class SpanLivenessClock(TimeSpan runningTimeout, TimeProvider time)
{
    /// <summary>One judgement per response: every span of a page or tree is judged at the same moment.</summary>
    public SpanLiveness Now() => new(time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0, runningTimeout.TotalSeconds);
}

using Braintrust.Traced.Server.Storage;

namespace Braintrust.Traced.Server.Query;

/// <summary>
/// When an answer may next change by time alone: the first of its running spans to go quiet turns unfinished once the
/// running timeout passes, and no write (so no live event) announces that. The answer tells the client how long to
/// wait before reading again (<c>recheck_after_ms</c>, docs/server.md), measured on the server's clock so the
/// browser's clock skew does not matter; null when nothing in it is running.
/// </summary>
internal sealed class RecheckAfter(SpanLiveness liveness)
{
    private double? soonest;

    /// <summary>Takes a span shown in the answer into account.</summary>
    public void Note(StoredSpan span)
    {
        if (liveness.RunningUntil(span) is { } until && (soonest is null || until < soonest))
        {
            soonest = until;
        }
    }

    /// <summary>
    /// Milliseconds from the answer's moment to the first millisecond at which one of the noted spans is no longer
    /// running (at the exact end of its timeout it still is), or null when none of them is running. Both times are
    /// whole milliseconds, so the difference is rounded away from binary fractions, not truncated.
    /// </summary>
    public long? Milliseconds => soonest is { } until ? (long)Math.Round((until - liveness.Now) * 1000) + 1 : null;
}

namespace Braintrust.Traced.Server.Storage;

/// <summary>What the root-trace list is ordered by (query parameter <c>sort</c>).</summary>
public enum TraceSort
{
    /// <summary>The root span's start time (<c>sort_ts</c>).</summary>
    Time,

    /// <summary>The root span's duration; a root without an end yet sorts as the shortest (stored as -1).</summary>
    Duration,

    /// <summary>The root span's name in byte (ordinal UTF-8) order; an unnamed root sorts as the empty name.</summary>
    Name,

    /// <summary>The trace's total tokens: the sum of <c>metrics.tokens</c> over its visible spans.</summary>
    Tokens,
}

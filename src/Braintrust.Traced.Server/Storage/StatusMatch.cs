namespace Braintrust.Traced.Server.Storage;

/// <summary>What the trace list's <c>status</c> filter keeps, judged on the root span.</summary>
public enum TraceStatus
{
    /// <summary>A start, no end, and heard of within the running timeout.</summary>
    Running,

    /// <summary>A start, no end, and not heard of within the running timeout: its process probably died.</summary>
    Unfinished,

    /// <summary>An end time.</summary>
    Ended,
}

/// <summary>
/// Keeps traces whose root has <see cref="Status"/> at <see cref="Now"/> (Unix seconds, server clock). A root with a
/// start and no end is running while <c>Now − (last_heard, or the start when NULL) ≤ TimeoutSeconds</c>: the store
/// evaluates that very expression, not a rearranged cut-off, so the filter and the listed <c>running</c> field
/// (Query/SpanLiveness) never disagree on a span at the exact edge of the timeout.
/// </summary>
public sealed record StatusMatch(TraceStatus Status, double Now, double TimeoutSeconds);

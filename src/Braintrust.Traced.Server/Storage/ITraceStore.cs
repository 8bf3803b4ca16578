namespace Braintrust.Traced.Server.Storage;

/// <summary>Read queries behind the JSON query API and the live stream.</summary>
public interface ITraceStore
{
    /// <summary>
    /// Root spans matching the filter in the filter's order (ties by insertion sequence), each with its keyset
    /// position; returns up to <c>Limit + 1</c> rows so callers can tell if more exist. Each root's
    /// <see cref="StoredSpan.Data"/> holds only what the list shows: <c>input</c>, <c>output</c> and <c>tags</c>.
    /// </summary>
    Task<IReadOnlyList<ListedRoot>> ListRootsAsync(TraceFilter filter, CancellationToken ct);

    /// <summary>Every visible span of the given traces; with <paramref name="withData"/> false only light columns and scores.</summary>
    Task<IReadOnlyList<StoredSpan>> LoadTracesAsync(string projectId, IReadOnlyCollection<string> rootSpanIds, bool withData, CancellationToken ct);

    /// <summary>One span by row id or span id.</summary>
    Task<StoredSpan?> FindSpanAsync(string projectId, string idOrSpanId, CancellationToken ct);

    Task<IReadOnlyList<StoredComment>> LoadCommentsAsync(string projectId, IReadOnlyCollection<string> originIds, CancellationToken ct);

    /// <summary>Light rows of every visible span whose sort time is in [from, to).</summary>
    Task<IReadOnlyList<StoredSpan>> ListSpansInRangeAsync(string projectId, double from, double to, CancellationToken ct);

    /// <summary>Visible spans written after transaction <paramref name="afterXactId"/>, oldest change first.</summary>
    Task<IReadOnlyList<StoredSpan>> ListChangedSinceAsync(string projectId, long afterXactId, int limit, CancellationToken ct);

    /// <summary>The newest committed transaction id (0 when nothing was written).</summary>
    Task<long> CurrentXactIdAsync(CancellationToken ct);
}

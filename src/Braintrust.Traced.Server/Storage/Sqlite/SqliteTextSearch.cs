namespace Braintrust.Traced.Server.Storage.Sqlite;

/// <summary>
/// How the root list applies a free-text filter (<c>?q=</c>). Two shapes, chosen per query from the number of matching
/// spans, because each is fast exactly where the other is slow and SQLite's planner cannot tell them apart (it sees
/// no hit counts, and its statistics come from a bounded sample; after a restart it picked the wrong one for a
/// frequent word, 300–600 ms at 1,000,000 spans):
/// <list type="bullet">
/// <item><b>From the hits</b>: the matching spans' traces, each root looked up and the few sorted. About 25 µs per
/// matching span (a root lookup reads the trace's rows), so it suits rare words and word pairs.</item>
/// <item><b>Walk the roots</b> in list order through the sort's index and keep a root when one of its trace's spans is
/// among the hits (a probe of the materialized hit rowids, no table read). About 4 µs per root walked; the walk stops
/// after a page, i.e. after roughly page × roots / hits roots, so it suits frequent words.</item>
/// </list>
/// Equal cost at hits ≈ √(8 × roots) ≈ √(2 × spans) for traces of a few spans; <see cref="HitsDrivenLimit"/> uses
/// that, so the worse case of either shape grows with the square root of the store, not with its size.
/// </summary>
internal static class SqliteTextSearch
{
    /// <summary>Below this, driving from the hits is always cheap (a few ms), whatever the store's size.</summary>
    private const long MinimumLimit = 200;

    /// <summary>The most matching spans for which the list is driven from the hits; above it the roots are walked.</summary>
    public static long HitsDrivenLimit(long storeSpans) => Math.Max(MinimumLimit, (long)Math.Sqrt(2.0 * Math.Max(0, storeSpans)));

    /// <summary>An upper bound of the spans stored (all projects): the largest row id, read from the end of the table.</summary>
    public const string StoreSpansSql = "SELECT coalesce(max(seq), 0) FROM spans";

    /// <summary>
    /// Matching spans of all projects, counted only up to <c>$cap</c>: read from the FTS index alone (well under a
    /// millisecond), an upper bound of <see cref="CountProjectHitsSql"/>, so at or below the limit it decides alone.
    /// </summary>
    public const string CountAllHitsSql = "SELECT count(*) FROM (SELECT 1 FROM spans_fts WHERE spans_fts MATCH $q LIMIT $cap)";

    /// <summary>
    /// Visible matching spans of project <c>$p</c>, counted only up to <c>$cap</c> (so a frequent word stops early).
    /// Asked only when <see cref="CountAllHitsSql"/> is over the limit: other projects' hits must not send a large
    /// project with few hits of its own on a walk over all its roots.
    /// </summary>
    public const string CountProjectHitsSql =
        "SELECT count(*) FROM (SELECT 1 FROM spans_fts f CROSS JOIN spans t INDEXED BY spans_search_trace ON t.seq = f.rowid " +
        "WHERE spans_fts MATCH $q AND t.project_id = $p AND t.is_visible = 1 LIMIT $cap)";

    /// <summary>
    /// Driven from the hits: the root rows are found through <c>spans_trace</c> (INDEXED BY: never the sort's index)
    /// for the traces of visible matching spans, an uncorrelated set SQLite builds once, sorted, so the lookups go
    /// through the index in order. CROSS JOIN fixes the set's join order (FTS hits, then their rows); the narrow
    /// covering index maps a hit's row id to its trace from far fewer pages than the table.
    /// </summary>
    public const string FromHits = "spans s INDEXED BY spans_trace";

    public const string HitsCondition =
        "s.root_span_id IN (SELECT t.root_span_id FROM spans_fts f CROSS JOIN spans t INDEXED BY spans_search_trace ON t.seq = f.rowid " +
        "WHERE spans_fts MATCH $q AND t.project_id = $p AND t.is_visible = 1)";

    /// <summary>FROM clause for walking the roots in the order of <paramref name="sort"/>'s partial index.</summary>
    public static string FromRoots(TraceSort sort) => $"spans s INDEXED BY {RootIndex(sort)}";

    /// <summary>
    /// The per-root test of the walk. The hit row ids are materialized once (uncorrelated IN); the unary + keeps
    /// SQLite from turning the IN into one index seek per hit for every root, so each of the trace's few rows is
    /// probed against the set instead.
    /// </summary>
    public const string WalkCondition =
        "EXISTS (SELECT 1 FROM spans t INDEXED BY spans_trace WHERE t.project_id = s.project_id AND t.root_span_id = s.root_span_id " +
        "AND +t.seq IN (SELECT rowid FROM spans_fts WHERE spans_fts MATCH $q) AND t.is_visible = 1)";

    /// <summary>The partial index <c>(project_id, column, seq …) WHERE is_root = 1</c> of each sort (see the migrations).</summary>
    private static string RootIndex(TraceSort sort) => sort switch
    {
        TraceSort.Time => "spans_roots_time_trace",
        TraceSort.Duration => "spans_roots_duration",
        TraceSort.Name => "spans_roots_name",
        TraceSort.Tokens => "spans_roots_tokens",
        _ => throw new ArgumentOutOfRangeException(nameof(sort), sort, "unknown sort"),
    };
}

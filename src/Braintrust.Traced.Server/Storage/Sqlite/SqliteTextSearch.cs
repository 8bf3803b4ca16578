namespace Braintrust.Traced.Server.Storage.Sqlite;

/// <summary>
/// How the root list applies a free-text filter (<c>?q=</c>). Three query shapes, chosen per request from the number
/// of matching spans, because each is fast where the others are slow and SQLite's planner cannot tell the cases
/// apart (it sees no hit counts, and its statistics come from a bounded sample: after a restart it drove a frequent
/// word from its hits, 0.3–0.6 s at 1,000,000 spans). Costs measured at 1,000,000 spans (200,000 traces) on the
/// loaded 2-core reference machine, h = matching spans, W = roots walked ≈ page × roots / h:
/// <list type="bullet">
/// <item><see cref="SqliteSearchShape.FromHits"/>: look up each hit trace's root and sort the few. ~50 µs × h (each
/// root lookup reads its trace's rows). Rare words and word combinations.</item>
/// <item><see cref="SqliteSearchShape.WalkWithTraceSet"/>: collect the hit traces' ids once (~4 µs × h), then walk the
/// roots in list order through the sort's index and test each root's trace id from the index (~0.5 µs × W). Word
/// pairs, ~450 hits: 10–20 ms.</item>
/// <item><see cref="SqliteSearchShape.WalkWithHitSet"/>: collect only the hits' row ids from the FTS index (~0.1 µs × h),
/// then walk the roots and probe each root's trace rows against them (~4 µs × W). Frequent words, ~20,000 hits:
/// 5–20 ms instead of 80 ms (trace set) or 0.5 s (from the hits).</item>
/// </list>
/// Equal costs give the limits below: √(0.1 × spans) and √(10 × spans) for traces of a few spans, so the worst case
/// of the chosen shape grows with the square root of the store, not with its size.
/// </summary>
internal static class SqliteTextSearch
{
    /// <summary>An upper bound of the spans stored (all projects): the largest row id, read from the end of the table.</summary>
    public const string StoreSpansSql = "SELECT coalesce(max(seq), 0) FROM spans";

    /// <summary>
    /// Matching spans of all projects, counted only up to <c>$cap</c>: read from the FTS index alone (well under a
    /// millisecond), an upper bound of <see cref="CountProjectHitsSql"/>.
    /// </summary>
    public const string CountAllHitsSql = "SELECT count(*) FROM (SELECT 1 FROM spans_fts WHERE spans_fts MATCH $q LIMIT $cap)";

    /// <summary>
    /// Visible matching spans of project <c>$p</c>, counted only up to <c>$cap</c> (a frequent word stops early).
    /// Asked when <see cref="CountAllHitsSql"/> alone does not decide: other projects' hits must not send a large
    /// project with few hits of its own on a walk over all its roots.
    /// </summary>
    public const string CountProjectHitsSql =
        "SELECT count(*) FROM (SELECT 1 FROM spans_fts f CROSS JOIN spans t INDEXED BY spans_search_trace ON t.seq = f.rowid " +
        "WHERE spans_fts MATCH $q AND t.project_id = $p AND t.is_visible = 1 LIMIT $cap)";

    /// <summary>The most hits for which <see cref="SqliteSearchShape.FromHits"/> is used.</summary>
    public static long FromHitsLimit(long storeSpans) => Math.Max(100, (long)Math.Sqrt(0.1 * Math.Max(0, storeSpans)));

    /// <summary>The most hits for which <see cref="SqliteSearchShape.WalkWithTraceSet"/> is used; above: the hit set.</summary>
    public static long TraceSetLimit(long storeSpans) => Math.Max(1000, (long)Math.Sqrt(10.0 * Math.Max(0, storeSpans)));

    public static SqliteSearchShape ShapeFor(long projectHits, long fromHitsLimit, long traceSetLimit)
        => projectHits <= fromHitsLimit ? SqliteSearchShape.FromHits
            : projectHits <= traceSetLimit ? SqliteSearchShape.WalkWithTraceSet
            : SqliteSearchShape.WalkWithHitSet;

    /// <summary>The FROM clause of the root list for a shape (alias <c>s</c>).</summary>
    public static string Source(SqliteSearchShape shape, TraceSort sort)
        => shape == SqliteSearchShape.FromHits
            // INDEXED BY: the roots are found from their traces' compact keys, never by walking the sort's index.
            ? "spans s INDEXED BY spans_trace_key"
            : $"spans s INDEXED BY {RootIndex(sort)}";

    /// <summary>The condition that keeps a root whose trace has a hit, for a shape.</summary>
    public static string Condition(SqliteSearchShape shape) => shape switch
    {
        SqliteSearchShape.FromHits => FromHitsCondition,
        SqliteSearchShape.WalkWithTraceSet => TraceSetCondition,
        _ => HitSetCondition,
    };

    /// <summary>
    /// The hit traces' compact keys drive the lookup of their roots (few hits: each hit's row is read once for its
    /// key); the trace-id set beside it keeps a root whose key merely collides with a hit trace's out.
    /// </summary>
    private const string FromHitsCondition =
        "s.trace_key IN (SELECT t.trace_key FROM spans_fts f CROSS JOIN spans t ON t.seq = f.rowid " +
        "WHERE spans_fts MATCH $q AND t.project_id = $p AND t.is_visible = 1) AND " + TraceSetCondition;

    /// <summary>
    /// The traces of visible matching spans, an uncorrelated set SQLite builds once (sorted, with a Bloom filter).
    /// CROSS JOIN fixes its join order (FTS hits, then their rows); the narrow covering index maps a hit's row id to
    /// its trace from far fewer pages than the table. Tested from the walked index's own root_span_id column.
    /// </summary>
    private const string TraceSetCondition =
        "s.root_span_id IN (SELECT t.root_span_id FROM spans_fts f CROSS JOIN spans t INDEXED BY spans_search_trace ON t.seq = f.rowid " +
        "WHERE spans_fts MATCH $q AND t.project_id = $p AND t.is_visible = 1)";

    /// <summary>
    /// The hits' row ids are materialized once (uncorrelated IN); the unary + keeps SQLite from turning the IN into
    /// one index seek per hit for every root, so each of the trace's few rows is probed against the set instead.
    /// </summary>
    private const string HitSetCondition =
        "EXISTS (SELECT 1 FROM spans t INDEXED BY spans_trace_key WHERE t.trace_key = s.trace_key AND t.project_id = s.project_id AND t.root_span_id = s.root_span_id " +
        "AND +t.seq IN (SELECT rowid FROM spans_fts WHERE spans_fts MATCH $q) AND t.is_visible = 1)";

    /// <summary>The partial index <c>(project_id, column, seq …) WHERE is_root = 1</c> of each sort (see the migrations).</summary>
    internal static string RootIndex(TraceSort sort) => sort switch
    {
        TraceSort.Time => "spans_roots_time_trace",
        TraceSort.Duration => "spans_roots_duration",
        TraceSort.Name => "spans_roots_name",
        TraceSort.Tokens => "spans_roots_tokens",
        _ => throw new ArgumentOutOfRangeException(nameof(sort), sort, "unknown sort"),
    };
}

/// <summary>The query shapes of a SQLite free-text search (see <see cref="SqliteTextSearch"/>).</summary>
internal enum SqliteSearchShape
{
    FromHits,
    WalkWithTraceSet,
    WalkWithHitSet,
}

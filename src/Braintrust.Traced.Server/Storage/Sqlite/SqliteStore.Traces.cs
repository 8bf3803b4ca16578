using System.Text;
using Microsoft.Data.Sqlite;

namespace Braintrust.Traced.Server.Storage.Sqlite;

public sealed partial class SqliteStore
{
    // instr first: json_extract parses the whole document even when it has no scores (most spans), and a page of
    // the list reads ~250 spans. The server writes data with JsonObject.ToJsonString, which writes the key "scores"
    // literally, so a document without that text has no scores; a false match (a nested "scores") costs only the parse.
    internal const string Scores = "CASE WHEN instr(data, '\"scores\"') > 0 THEN json_extract(data, '$.scores') END";
    private const string LightColumns = StoredSpanReader.Columns + ", " + Scores + ", NULL";
    private const string FullColumns = StoredSpanReader.Columns + ", " + Scores + ", data";

    // The trace list shows a root's input, output and tags only: SQLite cuts them out of the document, so the server
    // parses (and allocates a tree for) a third of each root's JSON instead of all of it. `->` keeps them JSON (a string
    // stays quoted), and json_object embeds them as JSON values. The root's scores as listed are a stored roll-up
    // (trace_scores), so its own are not read.
    private const string ListColumns = StoredSpanReader.Columns + ", NULL" +
        ", json_object('input', data -> '$.input', 'output', data -> '$.output', 'tags', data -> '$.tags')";

    public async Task<IReadOnlyList<ListedRoot>> ListRootsAsync(TraceFilter filter, CancellationToken ct)
    {
        // INDEXED BY the sort's partial roots index: the statistics PRAGMA optimize samples (1,000 rows an index) rate
        // spans_time (project_id, sort_ts), which covers every span, as good as the roots' own index, and the planner
        // took it for the newest-first page: it then read each of the ~250 newest spans' table rows to find the 51
        // roots among them (EXPLAIN QUERY PLAN on the 1,000,000-span store: "SEARCH s USING INDEX spans_time").
        var source = $"spans s INDEXED BY {SqliteTextSearch.RootIndex(filter.Sort)}";
        var sql = new StringBuilder(" WHERE s.project_id = $p AND s.is_root = 1");
        var parameters = new List<(string, object?)> { ("$p", filter.ProjectId), ("$limit", filter.Limit + 1) };
        // Subqueries over "the same trace" reuse this correlation: the trace's compact key finds its spans (spans_trace_key),
        // the text ids confirm them.
        const string sameTrace = "t.trace_key = s.trace_key AND t.project_id = s.project_id AND t.root_span_id = s.root_span_id AND t.is_visible = 1";
        if (filter.From is { } from)
        {
            sql.Append(" AND s.sort_ts >= $from");
            parameters.Add(("$from", from));
        }
        if (filter.To is { } to)
        {
            sql.Append(" AND s.sort_ts < $to");
            parameters.Add(("$to", to));
        }
        if (filter.Name is { } name)
        {
            sql.Append(" AND s.name = $name");
            parameters.Add(("$name", name));
        }
        if (filter.Tag is { } tag)
        {
            sql.Append(" AND EXISTS (SELECT 1 FROM json_each(s.data, '$.tags') WHERE value = $tag)");
            parameters.Add(("$tag", tag));
        }
        if (filter.Error is { } error)
        {
            // The stored roll-up: whether any visible span of the trace failed (see TraceRollup).
            sql.Append(error ? " AND s.trace_has_error = 1" : " AND s.trace_has_error = 0");
        }
        if (filter.Status is { } status)
        {
            sql.Append(" AND ").Append(RootStatusCondition.Sql(status.Status, "$"));
            parameters.Add(("$now", status.Now));
            parameters.Add(("$timeout", status.TimeoutSeconds));
            if (RootStatusCondition.OnlyOpenRoots(status.Status))
            {
                // Roots without an end are few (a process died, or a long run is in flight), so read them from their own
                // partial index and sort them, rather than walk the sort's index past every ended root to find a page.
                source = "spans s INDEXED BY spans_roots_open";
            }
        }
        if (filter.Score is { } score)
        {
            sql.Append($" AND EXISTS (SELECT 1 FROM spans t WHERE {sameTrace} AND json_extract(t.data, $scorepath) BETWEEN $smin AND $smax)");
            parameters.Add(("$scorepath", JsonPath("scores", score.Name)));
            parameters.Add(("$smin", score.Min));
            parameters.Add(("$smax", score.Max));
        }
        if (filter.Metadata is { } metadata)
        {
            sql.Append($" AND EXISTS (SELECT 1 FROM spans t WHERE {sameTrace} AND CAST(json_extract(t.data, $metapath) AS TEXT) = $metavalue)");
            parameters.Add(("$metapath", JsonPath("metadata", metadata.Key)));
            parameters.Add(("$metavalue", metadata.Value));
        }
        if (filter.Text is { } text)
        {
            // The shape is chosen from the hit count, not left to the planner (see SqliteTextSearch).
            var query = FtsQuery(text);
            parameters.Add(("$q", query));
            var shape = await ChooseSearchShapeAsync(filter.ProjectId, query, ct);
            source = SqliteTextSearch.Source(shape, filter.Sort);
            sql.Append(" AND ").Append(SqliteTextSearch.Condition(shape));
        }
        var (keysetWhere, orderBy) = RootSortColumns.Keyset(filter.Sort, filter.Descending, "$");
        if (filter.After is { } after)
        {
            sql.Append(" AND ").Append(keysetWhere);
            parameters.Add(("$ckey", RootSortColumns.KeyValue(after)));
            parameters.Add(("$cseq", after.Seq));
        }
        sql.Append(" ORDER BY ").Append(orderBy).Append(" LIMIT $limit");
        sql.Insert(0, $"SELECT {ListColumns}, {ListedRootReader.ExtraColumns} FROM {source}");
        return await ListAsync(sql.ToString(), r => ListedRootReader.Read(r, filter.Sort, filter.Descending), ct, [.. parameters]);
    }

    /// <summary>Counts the hits (capped, so a frequent word stops early) and picks the query shape for them.</summary>
    private async Task<SqliteSearchShape> ChooseSearchShapeAsync(string projectId, string ftsQuery, CancellationToken ct)
    {
        using var _ = Diagnostics.ServerTiming.Measure("search-count");
        var storeSpans = (await ListAsync(SqliteTextSearch.StoreSpansSql, r => r.GetInt64(0), ct))[0];
        var fromHitsLimit = SqliteTextSearch.FromHitsLimit(storeSpans);
        var traceSetLimit = SqliteTextSearch.TraceSetLimit(storeSpans);
        async Task<long> CountAsync(string countSql, long cap) => (await ListAsync(countSql, r => r.GetInt64(0), ct,
            ("$q", ftsQuery), ("$p", projectId), ("$cap", cap)))[0];
        var allHits = await CountAsync(SqliteTextSearch.CountAllHitsSql, traceSetLimit + 1);
        if (allHits <= fromHitsLimit)
        {
            return SqliteSearchShape.FromHits;
        }
        // The project's own hits, counted only as far as the decision needs.
        var projectHits = await CountAsync(SqliteTextSearch.CountProjectHitsSql, (allHits > traceSetLimit ? traceSetLimit : fromHitsLimit) + 1);
        return SqliteTextSearch.ShapeFor(projectHits, fromHitsLimit, traceSetLimit);
    }

    public async Task<IReadOnlyList<StoredSpan>> LoadTracesAsync(string projectId, IReadOnlyCollection<string> rootSpanIds, bool withData, CancellationToken ct)
    {
        if (rootSpanIds.Count == 0)
        {
            return [];
        }
        var parameters = new List<(string, object?)> { ("$p", projectId) };
        var names = rootSpanIds.Select((id, i) =>
        {
            parameters.Add(($"$r{i}", id));
            parameters.Add(($"$k{i}", SpanKeys.Of(projectId, id)));
            return i;
        }).ToList();
        // No ORDER BY on purpose: given one, the planner may walk the project's time index (millions of rows) to
        // avoid a sort instead of probing spans_trace_key for these few traces. A trace's spans are sorted in memory.
        // INDEXED BY: without statistics the planner prefers the time index's equality on project_id to an IN list.
        return TraceOrder.Sort(await SpanListAsync(
            $"SELECT {(withData ? FullColumns : LightColumns)} FROM spans INDEXED BY spans_trace_key WHERE trace_key IN ({string.Join(", ", names.Select(i => $"$k{i}"))}) " +
            $"AND project_id = $p AND is_visible = 1 AND root_span_id IN ({string.Join(", ", names.Select(i => $"$r{i}"))})",
            ct, [.. parameters]));
    }

    /// <summary>
    /// By row id first, then by span id: two probes of compact-key indexes (row ids and span ids have keys of the same
    /// form, see SpanKeys). INDEXED BY, because without statistics the planner would rather scan the project.
    /// </summary>
    public async Task<StoredSpan?> FindSpanAsync(string projectId, string idOrSpanId, CancellationToken ct)
    {
        var key = SpanKeys.Of(projectId, idOrSpanId);
        foreach (var (index, keyColumn, idColumn) in new[] { ("spans_row_key", "row_key", "id"), ("spans_span_key", "span_key", "span_id") })
        {
            var spans = await SpanListAsync(
                $"SELECT {FullColumns} FROM spans INDEXED BY {index} WHERE {keyColumn} = $key AND project_id = $p AND {idColumn} = $id " +
                "AND is_visible = 1 LIMIT 1",
                ct, ("$p", projectId), ("$id", idOrSpanId), ("$key", key));
            if (spans.Count > 0)
            {
                return spans[0];
            }
        }
        return null;
    }

    public async Task<IReadOnlyList<StoredComment>> LoadCommentsAsync(string projectId, IReadOnlyCollection<string> originIds, CancellationToken ct)
    {
        if (originIds.Count == 0)
        {
            return [];
        }
        var parameters = new List<(string, object?)> { ("$p", projectId) };
        var names = originIds.Select((id, i) =>
        {
            parameters.Add(($"$o{i}", id));
            return $"$o{i}";
        }).ToList();
        return await ListAsync(
            $"SELECT {StoredCommentReader.Columns} FROM comments WHERE project_id = $p AND origin_id IN ({string.Join(", ", names)}) ORDER BY created, seq",
            StoredCommentReader.Read, ct, [.. parameters]);
    }

    public Task<IReadOnlyList<StoredSpan>> ListSpansInRangeAsync(string projectId, double from, double to, CancellationToken ct)
        => SpanListAsync(
            $"SELECT {LightColumns} FROM spans WHERE project_id = $p AND is_visible = 1 AND sort_ts >= $from AND sort_ts < $to",
            ct, ("$p", projectId), ("$from", from), ("$to", to));

    public Task<IReadOnlyList<StoredSpan>> ListChangedSinceAsync(string projectId, long afterXactId, int limit, CancellationToken ct)
        => SpanListAsync(
            $"SELECT {LightColumns} FROM spans WHERE project_id = $p AND is_visible = 1 AND xact_id > $x ORDER BY xact_id, seq LIMIT $limit",
            ct, ("$p", projectId), ("$x", afterXactId), ("$limit", limit));

    public async Task<long> CurrentXactIdAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, "SELECT value FROM counters WHERE name = 'xact'");
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct));
    }

    /// <summary>A JSON path to <c>$.section."key"</c>; quoting keeps user keys with dots or brackets literal.</summary>
    private static string JsonPath(string section, string key)
        => $"$.{section}.\"{key.Replace("\"", "\\\"", StringComparison.Ordinal)}\"";

    /// <summary>Free text becomes an AND of quoted FTS5 words, so user punctuation is never FTS syntax.</summary>
    internal static string FtsQuery(string text) => SqliteFtsQuery.For(text);
}

using System.Text;
using Npgsql;

namespace Braintrust.Traced.Server.Storage.Postgres;

public sealed partial class PostgresStore
{
    private const string LightColumns = StoredSpanReader.Columns + ", (data->'scores')::text, NULL::text";
    private const string FullColumns = StoredSpanReader.Columns + ", (data->'scores')::text, data::text";

    // The trace list shows a root's input, output and tags only: the server parses those, not the whole document.
    // The root's scores as listed are a stored roll-up (trace_scores), so its own are not read.
    private const string ListColumns = StoredSpanReader.Columns + ", NULL::text, " +
        "jsonb_build_object('input', s.data->'input', 'output', s.data->'output', 'tags', s.data->'tags')::text";

    public async Task<IReadOnlyList<ListedRoot>> ListRootsAsync(TraceFilter filter, CancellationToken ct)
    {
        var sql = new StringBuilder($"SELECT {ListColumns}, {ListedRootReader.ExtraColumns} FROM spans s WHERE s.project_id = @p AND s.is_root");
        var parameters = new List<(string, object?)> { ("p", filter.ProjectId), ("limit", filter.Limit + 1) };
        const string sameTrace = "t.project_id = s.project_id AND t.root_span_id = s.root_span_id AND t.is_visible";
        if (filter.From is { } from)
        {
            sql.Append(" AND s.sort_ts >= @from");
            parameters.Add(("from", from));
        }
        if (filter.To is { } to)
        {
            sql.Append(" AND s.sort_ts < @to");
            parameters.Add(("to", to));
        }
        if (filter.Name is { } name)
        {
            sql.Append(" AND s.name = @name");
            parameters.Add(("name", name));
        }
        if (filter.Tag is { } tag)
        {
            sql.Append(" AND jsonb_typeof(s.data->'tags') = 'array' AND (s.data->'tags') @> jsonb_build_array(@tag::text)");
            parameters.Add(("tag", tag));
        }
        if (filter.Error is { } error)
        {
            // The stored roll-up: whether any visible span of the trace failed (see TraceRollup).
            sql.Append(error ? " AND s.trace_has_error" : " AND NOT s.trace_has_error");
        }
        if (filter.Status is { } status)
        {
            // Running and unfinished roots come from the partial index of roots without an end (spans_roots_open).
            sql.Append(" AND ").Append(RootStatusCondition.Sql(status.Status, "@"));
            parameters.Add(("now", status.Now));
            parameters.Add(("timeout", status.TimeoutSeconds));
        }
        if (filter.Score is { } score)
        {
            sql.Append($" AND EXISTS (SELECT 1 FROM spans t WHERE {sameTrace} AND jsonb_typeof(t.data->'scores'->@scorename) = 'number' " +
                       "AND (t.data->'scores'->>@scorename)::double precision BETWEEN @smin AND @smax)");
            parameters.Add(("scorename", score.Name));
            parameters.Add(("smin", score.Min));
            parameters.Add(("smax", score.Max));
        }
        if (filter.Metadata is { } metadata)
        {
            sql.Append($" AND EXISTS (SELECT 1 FROM spans t WHERE {sameTrace} AND t.data->'metadata'->>@metakey = @metavalue)");
            parameters.Add(("metakey", metadata.Key));
            parameters.Add(("metavalue", metadata.Value));
        }
        if (filter.Text is { } text)
        {
            // Vectors live in span_search, filled after the commit (PostgresSearchIndexer).
            sql.Append($" AND EXISTS (SELECT 1 FROM spans t JOIN span_search x ON x.seq = t.seq WHERE {sameTrace} " +
                       "AND x.search @@ plainto_tsquery('simple', @q))");
            parameters.Add(("q", text));
        }
        // sort_name is a "C"-collated column: byte order on every database locale, as SQLite compares.
        var (keysetWhere, orderBy) = RootSortColumns.Keyset(filter.Sort, filter.Descending, "@");
        if (filter.After is { } after)
        {
            sql.Append(" AND ").Append(keysetWhere);
            parameters.Add(("ckey", RootSortColumns.KeyValue(after)));
            parameters.Add(("cseq", after.Seq));
        }
        sql.Append(" ORDER BY ").Append(orderBy).Append(" LIMIT @limit");
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var command = Command(connection, sql.ToString(), [.. parameters]);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var roots = new List<ListedRoot>();
        while (await reader.ReadAsync(ct))
        {
            roots.Add(ListedRootReader.Read(reader, filter.Sort, filter.Descending));
        }
        return roots;
    }

    public async Task<IReadOnlyList<StoredSpan>> LoadTracesAsync(string projectId, IReadOnlyCollection<string> rootSpanIds, bool withData, CancellationToken ct)
    {
        if (rootSpanIds.Count == 0)
        {
            return [];
        }
        // Sorted in memory, as on SQLite: the query stays a plain probe of spans_trace.
        return TraceOrder.Sort(await QuerySpansAsync(
            $"SELECT {(withData ? FullColumns : LightColumns)} FROM spans WHERE project_id = @p AND is_visible " +
            "AND root_span_id = ANY(@roots)",
            ct, ("p", projectId), ("roots", rootSpanIds.ToArray())));
    }

    public async Task<StoredSpan?> FindSpanAsync(string projectId, string idOrSpanId, CancellationToken ct)
    {
        var spans = await QuerySpansAsync(
            $"SELECT {FullColumns} FROM spans WHERE project_id = @p AND is_visible AND (id = @id OR span_id = @id) " +
            "ORDER BY (id = @id) DESC LIMIT 1",
            ct, ("p", projectId), ("id", idOrSpanId));
        return spans.Count == 0 ? null : spans[0];
    }

    public async Task<IReadOnlyList<StoredComment>> LoadCommentsAsync(string projectId, IReadOnlyCollection<string> originIds, CancellationToken ct)
    {
        if (originIds.Count == 0)
        {
            return [];
        }
        return await ListAsync(
            $"SELECT {StoredCommentReader.Columns} FROM comments WHERE project_id = @p AND origin_id = ANY(@origins) ORDER BY created, seq",
            StoredCommentReader.Read, ct, ("p", projectId), ("origins", originIds.ToArray()));
    }

    public Task<IReadOnlyList<StoredSpan>> ListSpansInRangeAsync(string projectId, double from, double to, CancellationToken ct)
        => QuerySpansAsync(
            $"SELECT {LightColumns} FROM spans WHERE project_id = @p AND is_visible AND sort_ts >= @from AND sort_ts < @to",
            ct, ("p", projectId), ("from", from), ("to", to));

    public Task<IReadOnlyList<StoredSpan>> ListChangedSinceAsync(string projectId, long afterXactId, int limit, CancellationToken ct)
        => QuerySpansAsync(
            $"SELECT {LightColumns} FROM spans WHERE project_id = @p AND is_visible AND xact_id > @x ORDER BY xact_id, seq LIMIT @limit",
            ct, ("p", projectId), ("x", afterXactId), ("limit", limit));

    public async Task<long> CurrentXactIdAsync(CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var command = Command(connection, "SELECT value FROM counters WHERE name = 'xact'");
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct));
    }

    private async Task<IReadOnlyList<StoredSpan>> QuerySpansAsync(string sql, CancellationToken ct, params (string, object?)[] parameters)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var command = Command(connection, sql, parameters);
        return await ReadSpansAsync(command, ct);
    }
}

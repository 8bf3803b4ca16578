using System.Text.Json.Nodes;
using Npgsql;
using NpgsqlTypes;

namespace Braintrust.Traced.Server.Storage.Postgres;

/// <summary>
/// Writes a batch made only of span rows (inserts and merges, the ingest path) in a fixed number of round trips
/// instead of two per row: one SELECT … FOR UPDATE of every stored row the batch names, the merges applied in
/// memory in row order (several rows for one id merge in sequence), then one INSERT … SELECT FROM unnest(…)
/// ON CONFLICT DO UPDATE with the final document of each id. Batches with deletes or comments take the per-row
/// path, whose ordering between kinds of rows is easier to see.
/// </summary>
internal static class PostgresBatchWriter
{
    public static bool CanWrite(IReadOnlyList<RowWrite> rows)
        => rows.All(r => r.Kind is RowWriteKind.Replace or RowWriteKind.Merge);

    /// <param name="prepared">
    /// Each row's document for a new id, built on the caller's thread (<see cref="PreparedSpan.ForBatch"/>), or null.
    /// An id that is new and written once in the batch (the common case) is stored from it without JSON work here.
    /// </param>
    public static async Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<RowWrite> rows,
        IReadOnlyList<PreparedSpan?>? prepared, long xactId, TouchedTraces touched, CancellationToken ct)
    {
        var stored = await LoadStoredAsync(connection, tx, rows, touched, ct);
        // Final state per id, in order of first appearance (which becomes the insertion order, seq): the merged
        // document, or the prepared one while the id has seen only its first write.
        var order = new List<(string ProjectId, string LogId, string Id)>();
        var states = new Dictionary<(string, string, string), (JsonObject? Data, bool Partial, PreparedSpan? Ready)>();
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            var key = (row.ProjectId, row.LogId, row.Id);
            if (!states.TryGetValue(key, out var state))
            {
                order.Add(key);
                if (stored.TryGetValue(key, out var s))
                {
                    state = (s.Data, s.Partial, null);
                }
                else
                {
                    states[key] = (null, false, prepared?[r] ?? PreparedSpan.ForNewRow(row));
                    continue;
                }
            }
            else if (state.Ready is { } ready)
            {
                // A second write of a new id in the same batch: merge into the first one's document.
                state = (JsonNode.Parse(ready.Json) as JsonObject, ready.IsPartial, null);
            }
            var merged = RowMerger.Apply(state.Data, state.Partial, row);
            states[key] = (SpanDocument.Normalize(merged.Data, row), merged.IsPartial, null);
        }

        var n = order.Count;
        var columns = new SpanColumns[n];
        var data = new string[n];
        var partial = new bool[n];
        for (var i = 0; i < n; i++)
        {
            var (document, isPartial, ready) = states[order[i]];
            ready ??= new PreparedSpan(document!.ToJsonString(), SpanColumns.From(document), isPartial);
            columns[i] = ready.Columns;
            data[i] = ready.Json;
            partial[i] = ready.IsPartial;
            touched.Add(order[i].ProjectId, columns[i].RootSpanId);
        }
        await using var upsert = new NpgsqlCommand(
            "INSERT INTO spans (project_id, log_id, id, xact_id, is_partial, is_visible, span_id, root_span_id, parent_span_id, is_root, " +
            "name, span_type, start_ts, end_ts, sort_ts, has_error, prompt_tokens, completion_tokens, tokens, created, data, " +
            "sort_duration, sort_name, search) " +
            "SELECT u.p, u.l, u.i, @xact, u.partial, u.visible, u.span, u.root, u.parent, u.isroot, u.name, u.type, u.st, u.en, u.so, " +
            "u.err, u.pt, u.ct, u.tok, u.created, u.data::jsonb, u.sdur, u.sname, to_tsvector('simple', u.body) " +
            "FROM unnest(@p, @l, @i, @partial, @visible, @span, @root, @parent, @isroot, @name, @type, @st, @en, @so, @err, @pt, @ct, @tok, " +
            "@created, @data, @sdur, @sname, @body) WITH ORDINALITY " +
            "AS u(p, l, i, partial, visible, span, root, parent, isroot, name, type, st, en, so, err, pt, ct, tok, created, data, sdur, sname, body, n) " +
            "ORDER BY u.n " +
            "ON CONFLICT (project_id, log_id, id) DO UPDATE SET xact_id = excluded.xact_id, is_partial = excluded.is_partial, " +
            "is_visible = excluded.is_visible, span_id = excluded.span_id, root_span_id = excluded.root_span_id, " +
            "parent_span_id = excluded.parent_span_id, is_root = excluded.is_root, name = excluded.name, span_type = excluded.span_type, " +
            "start_ts = excluded.start_ts, end_ts = excluded.end_ts, sort_ts = excluded.sort_ts, has_error = excluded.has_error, " +
            "prompt_tokens = excluded.prompt_tokens, completion_tokens = excluded.completion_tokens, tokens = excluded.tokens, " +
            "created = excluded.created, data = excluded.data, sort_duration = excluded.sort_duration, sort_name = excluded.sort_name, " +
            "search = excluded.search",
            connection, tx);
        upsert.Parameters.Add(new NpgsqlParameter("xact", NpgsqlDbType.Bigint) { Value = xactId });
        Text(upsert, "p", order.Select(k => k.ProjectId));
        Text(upsert, "l", order.Select(k => k.LogId));
        Text(upsert, "i", order.Select(k => k.Id));
        Bools(upsert, "partial", partial);
        Bools(upsert, "visible", columns.Select(c => c.IsVisible));
        Text(upsert, "span", columns.Select(c => c.SpanId));
        Text(upsert, "root", columns.Select(c => c.RootSpanId));
        Text(upsert, "parent", columns.Select(c => c.ParentSpanId));
        Bools(upsert, "isroot", columns.Select(c => c.IsRoot));
        Text(upsert, "name", columns.Select(c => c.Name));
        Text(upsert, "type", columns.Select(c => c.SpanType));
        Doubles(upsert, "st", columns.Select(c => c.Start));
        Doubles(upsert, "en", columns.Select(c => c.End));
        Doubles(upsert, "so", columns.Select(c => (double?)c.SortTs));
        Bools(upsert, "err", columns.Select(c => c.HasError));
        Doubles(upsert, "pt", columns.Select(c => c.PromptTokens));
        Doubles(upsert, "ct", columns.Select(c => c.CompletionTokens));
        Doubles(upsert, "tok", columns.Select(c => c.Tokens));
        Text(upsert, "created", columns.Select(c => c.Created));
        Text(upsert, "data", data);
        Doubles(upsert, "sdur", columns.Select(c => (double?)c.SortDuration));
        Text(upsert, "sname", columns.Select(c => c.SortName));
        Text(upsert, "body", columns.Select(c => c.IsVisible ? c.SearchText : ""));
        await upsert.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The stored documents of the batch's ids, locked until commit; their traces are marked touched.</summary>
    private static async Task<Dictionary<(string, string, string), (JsonObject? Data, bool Partial)>> LoadStoredAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<RowWrite> rows, TouchedTraces touched, CancellationToken ct)
    {
        await using var select = new NpgsqlCommand(
            "SELECT s.project_id, s.log_id, s.id, s.data::text, s.is_partial, s.root_span_id FROM spans s " +
            "JOIN unnest(@p, @l, @i) AS k(p, l, i) ON s.project_id = k.p AND s.log_id = k.l AND s.id = k.i FOR UPDATE OF s",
            connection, tx);
        Text(select, "p", rows.Select(r => r.ProjectId));
        Text(select, "l", rows.Select(r => r.LogId));
        Text(select, "i", rows.Select(r => r.Id));
        var stored = new Dictionary<(string, string, string), (JsonObject? Data, bool Partial)>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var projectId = reader.GetString(0);
            stored[(projectId, reader.GetString(1), reader.GetString(2))] = (JsonNode.Parse(reader.GetString(3)) as JsonObject, reader.GetBoolean(4));
            // The span may move to another trace: the old trace's total changes too.
            touched.Add(projectId, reader.IsDBNull(5) ? null : reader.GetString(5));
        }
        return stored;
    }

    private static void Text(NpgsqlCommand command, string name, IEnumerable<string?> values)
        => command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.ToArray() });

    private static void Bools(NpgsqlCommand command, string name, IEnumerable<bool> values)
        => command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Boolean) { Value = values.ToArray() });

    private static void Doubles(NpgsqlCommand command, string name, IEnumerable<double?> values)
        => command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Double) { Value = values.ToArray() });
}

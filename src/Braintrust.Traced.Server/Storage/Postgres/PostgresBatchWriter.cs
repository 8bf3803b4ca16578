using System.Text.Json.Nodes;
using Npgsql;
using NpgsqlTypes;

namespace Braintrust.Traced.Server.Storage.Postgres;

/// <summary>
/// Writes a group of batches made only of span rows (inserts and merges, the ingest path) in a fixed number of round
/// trips whatever the group's size: one round trip takes the group's transaction ids (one per batch, from the counter
/// row, whose lock orders commits) and SELECTs … FOR UPDATE every stored row the group names; the merges are applied
/// in memory in row order (several rows for one id merge in sequence, across batches too); then one INSERT … SELECT
/// FROM unnest(…) ON CONFLICT DO UPDATE writes the final document of each id, with the transaction id of the batch
/// that wrote it last. Batches with deletes or comments take the per-row path, whose ordering between kinds of rows
/// is easier to see. Full text is not computed here: <see cref="PostgresSearchIndexer"/> does it after the commit.
/// </summary>
internal static class PostgresBatchWriter
{
    public static bool CanWrite(IReadOnlyList<RowWrite> rows)
        => rows.All(r => r.Kind is RowWriteKind.Replace or RowWriteKind.Merge);

    /// <param name="batches">
    /// Batches of span rows (<see cref="CanWrite"/>), in queue order. Each row's document for a new id, built on the
    /// caller's thread (<see cref="PreparedSpan.ForBatch"/>), rides along: an id that is new and written once in the
    /// group (the common case) is stored from it without JSON work here.
    /// </param>
    /// <param name="heard">The server's time of the group (Unix seconds): every span written gets it as <c>last_heard</c>.</param>
    /// <returns>Each batch's transaction id, and the search text of every span written, for the indexer.</returns>
    public static async Task<(long[] XactIds, List<SpanSearchText> Texts)> WriteAsync(NpgsqlConnection connection, NpgsqlTransaction tx,
        IReadOnlyList<PendingWrite> batches, TouchedTraces touched, double heard, CancellationToken ct)
    {
        var rows = new List<(RowWrite Row, PreparedSpan? Prepared, int Batch)>();
        for (var b = 0; b < batches.Count; b++)
        {
            for (var r = 0; r < batches[b].Rows.Count; r++)
            {
                rows.Add((batches[b].Rows[r], batches[b].PreparedSpans?[r], b));
            }
        }
        var (xactIds, stored) = await TakeXactIdsAndLoadStoredAsync(connection, tx, batches.Count, rows.Select(r => r.Row), touched, ct);
        // Final state per id, in order of first appearance (which becomes the insertion order, seq): the merged
        // document, or the prepared one while the id has seen only its first write; and the batch that wrote it last.
        var order = new List<(string ProjectId, string LogId, string Id)>();
        var states = new Dictionary<(string, string, string), (JsonObject? Data, bool Partial, PreparedSpan? Ready, int Batch)>();
        foreach (var (row, prepared, batch) in rows)
        {
            var key = (row.ProjectId, row.LogId, row.Id);
            if (!states.TryGetValue(key, out var state))
            {
                order.Add(key);
                if (stored.TryGetValue(key, out var s))
                {
                    state = (s.Data, s.Partial, null, batch);
                }
                else
                {
                    states[key] = (null, false, prepared ?? PreparedSpan.ForNewRow(row), batch);
                    continue;
                }
            }
            else if (state.Ready is { } ready)
            {
                // A second write of a new id in the same group: merge into the first one's document.
                state = (JsonNode.Parse(ready.Json) as JsonObject, ready.IsPartial, null, batch);
            }
            var merged = RowMerger.Apply(state.Data, state.Partial, row);
            states[key] = (SpanDocument.Normalize(merged.Data, row), merged.IsPartial, null, batch);
        }

        var n = order.Count;
        var columns = new SpanColumns[n];
        var data = new string[n];
        var partial = new bool[n];
        var xact = new long[n];
        var texts = new List<SpanSearchText>(n);
        for (var i = 0; i < n; i++)
        {
            var (document, isPartial, ready, batch) = states[order[i]];
            ready ??= new PreparedSpan(document!.ToJsonString(), SpanColumns.From(document), isPartial);
            columns[i] = ready.Columns;
            data[i] = ready.Json;
            partial[i] = ready.IsPartial;
            xact[i] = xactIds[batch];
            touched.Add(order[i].ProjectId, columns[i].RootSpanId);
            if (columns[i].IsVisible)
            {
                texts.Add(new SpanSearchText(order[i].ProjectId, order[i].LogId, order[i].Id, xact[i], columns[i].SearchText));
            }
        }
        var rollups = GroupRollups.Of(order, columns);
        await using var upsert = new NpgsqlCommand(
            "INSERT INTO spans (project_id, log_id, id, xact_id, is_partial, is_visible, span_id, root_span_id, parent_span_id, is_root, " +
            "name, span_type, start_ts, end_ts, sort_ts, has_error, prompt_tokens, completion_tokens, tokens, created, data, " +
            "sort_duration, sort_name, trace_span_count, trace_has_error, trace_prompt_tokens, trace_completion_tokens, trace_tokens, last_heard) " +
            "SELECT u.p, u.l, u.i, u.x, u.partial, u.visible, u.span, u.root, u.parent, u.isroot, u.name, u.type, u.st, u.en, u.so, " +
            "u.err, u.pt, u.ct, u.tok, u.created, u.data::jsonb, u.sdur, u.sname, u.rn, u.rerr, u.rpt, u.rct, u.rtok, @heard " +
            "FROM unnest(@p, @l, @i, @x, @partial, @visible, @span, @root, @parent, @isroot, @name, @type, @st, @en, @so, @err, @pt, @ct, @tok, " +
            "@created, @data, @sdur, @sname, @rn, @rerr, @rpt, @rct, @rtok) WITH ORDINALITY " +
            "AS u(p, l, i, x, partial, visible, span, root, parent, isroot, name, type, st, en, so, err, pt, ct, tok, created, data, sdur, sname, " +
            "rn, rerr, rpt, rct, rtok, n) " +
            "ORDER BY u.n " +
            "ON CONFLICT (project_id, log_id, id) DO UPDATE SET xact_id = excluded.xact_id, is_partial = excluded.is_partial, " +
            "is_visible = excluded.is_visible, span_id = excluded.span_id, root_span_id = excluded.root_span_id, " +
            "parent_span_id = excluded.parent_span_id, is_root = excluded.is_root, name = excluded.name, span_type = excluded.span_type, " +
            "start_ts = excluded.start_ts, end_ts = excluded.end_ts, sort_ts = excluded.sort_ts, has_error = excluded.has_error, " +
            "prompt_tokens = excluded.prompt_tokens, completion_tokens = excluded.completion_tokens, tokens = excluded.tokens, " +
            "created = excluded.created, data = excluded.data, sort_duration = excluded.sort_duration, sort_name = excluded.sort_name, " +
            "last_heard = excluded.last_heard",
            connection, tx);
        Text(upsert, "p", order.Select(k => k.ProjectId));
        Text(upsert, "l", order.Select(k => k.LogId));
        Text(upsert, "i", order.Select(k => k.Id));
        upsert.Parameters.Add(new NpgsqlParameter("x", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = xact });
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
        upsert.Parameters.Add(new NpgsqlParameter("heard", NpgsqlDbType.Double) { Value = heard });
        // Only an inserted row takes these (the conflict branch keeps the stored roll-ups); the refresh after this
        // statement corrects them where the trace has spans outside the group, and leaves them alone where not.
        upsert.Parameters.Add(new NpgsqlParameter("rn", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = rollups.Select(r => r.SpanCount).ToArray() });
        Bools(upsert, "rerr", rollups.Select(r => r.HasError));
        Doubles(upsert, "rpt", rollups.Select(r => (double?)r.PromptTokens));
        Doubles(upsert, "rct", rollups.Select(r => (double?)r.CompletionTokens));
        Doubles(upsert, "rtok", rollups.Select(r => (double?)r.Tokens));
        await upsert.ExecuteNonQueryAsync(ct);
        return (xactIds, texts);
    }

    /// <summary>
    /// One round trip: the batches' transaction ids (the counter row stays locked until commit: writers, also of other
    /// server processes, serialize there, so there are no row-lock deadlocks and xact ids become visible in increasing
    /// order), then the stored documents of the group's ids, locked until commit; their traces are marked touched.
    /// </summary>
    private static async Task<(long[] XactIds, Dictionary<(string, string, string), (JsonObject? Data, bool Partial)> Stored)> TakeXactIdsAndLoadStoredAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, int batchCount, IEnumerable<RowWrite> rows, TouchedTraces touched, CancellationToken ct)
    {
        var keys = rows.ToList();
        await using var batch = new NpgsqlBatch(connection, tx);
        var next = new NpgsqlBatchCommand("UPDATE counters SET value = value + @count WHERE name = 'xact' RETURNING value");
        next.Parameters.Add(new NpgsqlParameter("count", NpgsqlDbType.Bigint) { Value = (long)batchCount });
        batch.BatchCommands.Add(next);
        var select = new NpgsqlBatchCommand(
            "SELECT s.project_id, s.log_id, s.id, s.data::text, s.is_partial, s.root_span_id FROM spans s " +
            "JOIN unnest(@p, @l, @i) AS k(p, l, i) ON s.project_id = k.p AND s.log_id = k.l AND s.id = k.i FOR UPDATE OF s");
        select.Parameters.Add(TextArray("p", keys.Select(r => r.ProjectId)));
        select.Parameters.Add(TextArray("l", keys.Select(r => r.LogId)));
        select.Parameters.Add(TextArray("i", keys.Select(r => r.Id)));
        batch.BatchCommands.Add(select);
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var last = reader.GetInt64(0);
        var xactIds = Enumerable.Range(0, batchCount).Select(b => last - batchCount + 1 + b).ToArray();
        await reader.NextResultAsync(ct);
        var stored = new Dictionary<(string, string, string), (JsonObject? Data, bool Partial)>();
        while (await reader.ReadAsync(ct))
        {
            var projectId = reader.GetString(0);
            stored[(projectId, reader.GetString(1), reader.GetString(2))] = (JsonNode.Parse(reader.GetString(3)) as JsonObject, reader.GetBoolean(4));
            // The span may move to another trace: the old trace's total changes too.
            touched.Add(projectId, reader.IsDBNull(5) ? null : reader.GetString(5));
        }
        return (xactIds, stored);
    }

    private static NpgsqlParameter TextArray(string name, IEnumerable<string?> values)
        => new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.ToArray() };

    private static void Text(NpgsqlCommand command, string name, IEnumerable<string?> values)
        => command.Parameters.Add(TextArray(name, values));

    private static void Bools(NpgsqlCommand command, string name, IEnumerable<bool> values)
        => command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Boolean) { Value = values.ToArray() });

    private static void Doubles(NpgsqlCommand command, string name, IEnumerable<double?> values)
        => command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Double) { Value = values.ToArray() });
}

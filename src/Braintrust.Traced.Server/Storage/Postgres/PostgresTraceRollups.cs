using Braintrust.Traced.Server.Query;
using Npgsql;
using NpgsqlTypes;

namespace Braintrust.Traced.Server.Storage.Postgres;

/// <summary>
/// Keeps each trace's list roll-ups (<see cref="TraceRollup"/>) on its root row, as SqliteTraceRollups does: the
/// touched traces' visible spans are read in one statement (<see cref="RollupSpan"/>'s columns), the roll-ups computed as the list
/// would, and all root rows updated in a second one. Run once per group commit, and by the version 3 backfill.
/// </summary>
internal static class PostgresTraceRollups
{
    // Traces per statement in the backfill: bounded arrays and result sets however large the store.
    private const int BackfillChunk = 2000;

    public static async Task RefreshAsync(NpgsqlConnection connection, NpgsqlTransaction tx,
        IReadOnlyList<(string ProjectId, string RootSpanId)> traces, CancellationToken ct)
    {
        if (traces.Count == 0)
        {
            return;
        }
        var spans = new List<(string ProjectId, string RootSpanId, IRollupSource Span)>();
        await using (var select = new NpgsqlCommand(
            $"SELECT {RollupSpan.Columns}, (data->'scores')::text, project_id, root_span_id FROM spans WHERE is_visible " +
            "AND (project_id, root_span_id) IN (SELECT * FROM unnest(@projects, @roots))", connection, tx))
        {
            select.Parameters.Add(new NpgsqlParameter("projects", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = traces.Select(t => t.ProjectId).ToArray() });
            select.Parameters.Add(new NpgsqlParameter("roots", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = traces.Select(t => t.RootSpanId).ToArray() });
            await using var reader = await select.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                spans.Add((reader.GetString(10), reader.GetString(11), RollupSpan.Read(reader)));
            }
        }
        var rollups = spans
            .GroupBy(s => (s.ProjectId, s.RootSpanId), s => s.Span)
            .SelectMany(trace => TraceRollups.Compute(trace.ToList()))
            .ToList();
        if (rollups.Count == 0)
        {
            return;
        }
        await using var update = new NpgsqlCommand(
            "UPDATE spans r SET trace_span_count = k.n, trace_has_error = k.e, trace_prompt_tokens = k.pt, " +
            "trace_completion_tokens = k.ct, trace_tokens = k.tok, trace_scores = k.sc " +
            "FROM unnest(@seqs, @counts, @errors, @prompts, @completions, @totals, @scores) AS k(seq, n, e, pt, ct, tok, sc) " +
            "WHERE r.seq = k.seq", connection, tx);
        update.Parameters.Add(new NpgsqlParameter("seqs", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = rollups.Select(r => r.RootSeq).ToArray() });
        update.Parameters.Add(new NpgsqlParameter("counts", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = rollups.Select(r => r.Rollup.SpanCount).ToArray() });
        update.Parameters.Add(new NpgsqlParameter("errors", NpgsqlDbType.Array | NpgsqlDbType.Boolean) { Value = rollups.Select(r => r.Rollup.HasError).ToArray() });
        update.Parameters.Add(new NpgsqlParameter("prompts", NpgsqlDbType.Array | NpgsqlDbType.Double) { Value = rollups.Select(r => r.Rollup.PromptTokens).ToArray() });
        update.Parameters.Add(new NpgsqlParameter("completions", NpgsqlDbType.Array | NpgsqlDbType.Double) { Value = rollups.Select(r => r.Rollup.CompletionTokens).ToArray() });
        update.Parameters.Add(new NpgsqlParameter("totals", NpgsqlDbType.Array | NpgsqlDbType.Double) { Value = rollups.Select(r => r.Rollup.Tokens).ToArray() });
        update.Parameters.Add(new NpgsqlParameter("scores", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rollups.Select(r => r.Rollup.ScoresJson).ToArray() });
        await update.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Fills the roll-ups of every trace already stored (schema version 3), inside the migration's transaction.</summary>
    public static async Task BackfillAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken ct)
    {
        var traces = new List<(string ProjectId, string RootSpanId)>();
        await using (var roots = new NpgsqlCommand("SELECT DISTINCT project_id, root_span_id FROM spans WHERE is_root", connection, tx))
        await using (var reader = await roots.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                traces.Add((reader.GetString(0), reader.GetString(1)));
            }
        }
        foreach (var chunk in traces.Chunk(BackfillChunk))
        {
            await RefreshAsync(connection, tx, chunk, ct);
        }
    }
}

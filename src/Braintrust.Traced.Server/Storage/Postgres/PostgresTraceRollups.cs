using Braintrust.Traced.Server.Query;
using Npgsql;
using NpgsqlTypes;

namespace Braintrust.Traced.Server.Storage.Postgres;

/// <summary>
/// Keeps each trace's list roll-ups (<see cref="TraceRollup"/>) on its root row, with the results SqliteTraceRollups
/// gets: totals in one aggregating update for all touched traces, and, for the few traces with scores, the spans read
/// (<see cref="RollupSpan"/>'s columns), everything computed as the list would, and the roots updated again. Run
/// once per group commit, and by the version 3 backfill.
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
        var scored = await RefreshTotalsAsync(connection, tx, traces, ct);
        if (scored.Count > 0)
        {
            await RefreshWithScoresAsync(connection, tx, scored, ct);
        }
    }

    /// <summary>
    /// Span count, error flag and token totals, aggregated by PostgreSQL in the update itself (the tokens are whole
    /// numbers, so the sums do not depend on the order). Reading every span of every touched trace into .NET instead
    /// cost the writer ~10 µs of CPU per row.
    /// </summary>
    /// <returns>The traces with a span that has scores: their roots' scores need the trace's tree.</returns>
    private static async Task<List<(string ProjectId, string RootSpanId)>> RefreshTotalsAsync(NpgsqlConnection connection, NpgsqlTransaction tx,
        IReadOnlyList<(string ProjectId, string RootSpanId)> traces, CancellationToken ct)
    {
        await using var update = new NpgsqlCommand(
            "UPDATE spans r SET trace_span_count = a.n, trace_has_error = a.e, trace_prompt_tokens = a.pt, " +
            "trace_completion_tokens = a.ct, trace_tokens = a.tok, trace_scores = NULL " +
            "FROM (SELECT t.project_id, t.root_span_id, count(*) AS n, bool_or(t.has_error) AS e, COALESCE(SUM(t.prompt_tokens), 0) AS pt, " +
            "COALESCE(SUM(t.completion_tokens), 0) AS ct, COALESCE(SUM(t.tokens), 0) AS tok, bool_or(t.data->'scores' IS NOT NULL) AS scored " +
            "FROM spans t WHERE t.is_visible AND (t.project_id, t.root_span_id) IN (SELECT * FROM unnest(@projects, @roots)) " +
            "GROUP BY t.project_id, t.root_span_id) a " +
            "WHERE r.project_id = a.project_id AND r.root_span_id = a.root_span_id AND r.is_root " +
            // A root whose roll-ups are already right (inserted with them, see GroupRollups) is not rewritten. Scored
            // traces always pass: their scores are recomputed below from what this statement returns.
            "AND (a.scored OR r.trace_scores IS NOT NULL OR (r.trace_span_count, r.trace_has_error, r.trace_prompt_tokens, " +
            "r.trace_completion_tokens, r.trace_tokens) IS DISTINCT FROM (a.n, a.e, a.pt, a.ct, a.tok)) " +
            "RETURNING a.project_id, a.root_span_id, a.scored", connection, tx);
        update.Parameters.Add(new NpgsqlParameter("projects", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = traces.Select(t => t.ProjectId).ToArray() });
        update.Parameters.Add(new NpgsqlParameter("roots", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = traces.Select(t => t.RootSpanId).ToArray() });
        var scored = new HashSet<(string ProjectId, string RootSpanId)>();
        await using var reader = await update.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            if (reader.GetBoolean(2))
            {
                scored.Add((reader.GetString(0), reader.GetString(1)));
            }
        }
        return scored.ToList();
    }

    /// <summary>All roll-ups of traces with scores, computed in .NET from the trace's spans (<see cref="RollupSpan"/>).</summary>
    private static async Task RefreshWithScoresAsync(NpgsqlConnection connection, NpgsqlTransaction tx,
        IReadOnlyList<(string ProjectId, string RootSpanId)> traces, CancellationToken ct)
    {
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
                var span = RollupSpan.Read(reader);
                spans.Add((reader.GetString(10), reader.GetString(11), span));
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

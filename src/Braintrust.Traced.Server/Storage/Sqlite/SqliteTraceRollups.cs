using Braintrust.Traced.Server.Query;
using Microsoft.Data.Sqlite;

namespace Braintrust.Traced.Server.Storage.Sqlite;

/// <summary>
/// Keeps each trace's list roll-ups (<see cref="TraceRollup"/>) on its root row: reads the trace's visible spans
/// (<see cref="RollupSpan"/>'s columns: no documents, only the scores of the spans that have some), computes them as the list would,
/// and stores them on the root row(s). Run once per touched trace per batch, and by the version 9 backfill.
/// </summary>
internal sealed class SqliteTraceRollups
{
    private readonly SqliteCommand _spans;
    private readonly SqliteCommand _store;

    /// <param name="commands">The caller's transaction's statements (it disposes them).</param>
    public SqliteTraceRollups(SqlitePreparedCommands commands)
    {
        // INDEXED BY: without statistics (a new store) the planner picked the newest-first roots index, which matches
        // only project_id, and walked every root of the project for each trace: ingest slowed as the store grew.
        _spans = commands.Prepare(
            $"SELECT {RollupSpan.Columns}, {SqliteStore.Scores} FROM spans INDEXED BY spans_trace_key " +
            "WHERE trace_key = $tk AND project_id = $p AND root_span_id = $r AND is_visible = 1",
            "$tk", "$p", "$r");
        _store = commands.Prepare(
            "UPDATE spans SET trace_span_count = $n, trace_has_error = $e, trace_prompt_tokens = $pt, " +
            "trace_completion_tokens = $ct, trace_tokens = $tok, trace_scores = $scores WHERE seq = $seq",
            "$n", "$e", "$pt", "$ct", "$tok", "$scores", "$seq");
    }

    public async Task RefreshAsync(string projectId, string rootSpanId, CancellationToken ct)
    {
        _spans.Parameters[0].Value = SpanKeys.Of(projectId, rootSpanId);
        _spans.Parameters[1].Value = projectId;
        _spans.Parameters[2].Value = rootSpanId;
        var spans = new List<IRollupSource>();
        await using (var reader = await _spans.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                spans.Add(RollupSpan.Read(reader));
            }
        }
        foreach (var (rootSeq, rollup) in TraceRollups.Compute(spans))
        {
            _store.Parameters[0].Value = rollup.SpanCount;
            _store.Parameters[1].Value = rollup.HasError ? 1 : 0;
            _store.Parameters[2].Value = rollup.PromptTokens;
            _store.Parameters[3].Value = rollup.CompletionTokens;
            _store.Parameters[4].Value = rollup.Tokens;
            _store.Parameters[5].Value = (object?)rollup.ScoresJson ?? DBNull.Value;
            _store.Parameters[6].Value = rootSeq;
            await _store.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>
    /// Fills the roll-ups of every trace already stored (schema version 9), inside the migration's transaction.
    /// The trace ids are collected first: the table is not updated while a statement still walks it.
    /// </summary>
    public static async Task BackfillAsync(SqliteConnection connection, SqliteTransaction tx, CancellationToken ct)
    {
        var traces = new List<(string ProjectId, string RootSpanId)>();
        await using (var roots = connection.CreateCommand())
        {
            roots.Transaction = tx;
            roots.CommandText = "SELECT DISTINCT project_id, root_span_id FROM spans WHERE is_root = 1";
            await using var reader = await roots.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                traces.Add((reader.GetString(0), reader.GetString(1)));
            }
        }
        using var commands = new SqlitePreparedCommands(connection, tx);
        var rollups = new SqliteTraceRollups(commands);
        foreach (var (projectId, rootSpanId) in traces)
        {
            await rollups.RefreshAsync(projectId, rootSpanId, ct);
        }
    }
}

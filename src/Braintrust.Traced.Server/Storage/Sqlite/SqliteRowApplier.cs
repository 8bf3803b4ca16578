using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace Braintrust.Traced.Server.Storage.Sqlite;

/// <summary>
/// Applies rows inside one open transaction. The statements are prepared once per transaction and reused for
/// every row (only parameter values change), which is most of the per-row cost otherwise.
/// </summary>
internal sealed class SqliteRowApplier : IDisposable
{
    private const string SpanColumnsSql = "xact_id, is_partial, is_visible, span_id, root_span_id, parent_span_id, is_root, name, span_type, " +
                                          "start_ts, end_ts, sort_ts, has_error, prompt_tokens, completion_tokens, tokens, created, data, sort_duration, sort_name";

    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _tx;
    private readonly List<SqliteCommand> _commands = [];
    private readonly SqliteCommand _nextXact;
    private readonly SqliteCommand _select;
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _update;
    private readonly SqliteCommand _queueSearch;
    private readonly SqliteCommand _delete;
    private readonly SqliteCommand _comment;
    private readonly SqliteCommand _rootOf;
    private readonly SqliteCommand _traceTokens;
    private readonly TouchedTraces _touched = new();

    public SqliteRowApplier(SqliteConnection connection, SqliteTransaction tx)
    {
        _connection = connection;
        _tx = tx;
        _nextXact = Prepare("UPDATE counters SET value = value + 1 WHERE name = 'xact' RETURNING value");
        _select = Prepare("SELECT seq, data, is_partial, root_span_id FROM spans WHERE project_id = $p AND log_id = $l AND id = $id", "$p", "$l", "$id");
        string[] spanParameters = ["$p", "$l", "$id", "$xact", "$partial", "$visible", "$span", "$root", "$parent", "$isroot", "$name", "$type",
            "$start", "$end", "$sort", "$error", "$pt", "$ct", "$tok", "$created", "$data", "$sdur", "$sname"];
        _insert = Prepare($"INSERT INTO spans (project_id, log_id, id, {SpanColumnsSql}) VALUES ({string.Join(", ", spanParameters)}) " +
                          "ON CONFLICT (project_id, log_id, id) DO NOTHING RETURNING seq",
            spanParameters);
        _update = Prepare(
            "UPDATE spans SET xact_id = $xact, is_partial = $partial, is_visible = $visible, span_id = $span, root_span_id = $root, " +
            "parent_span_id = $parent, is_root = $isroot, name = $name, span_type = $type, start_ts = $start, end_ts = $end, " +
            "sort_ts = $sort, has_error = $error, prompt_tokens = $pt, completion_tokens = $ct, tokens = $tok, created = $created, " +
            "data = $data, sort_duration = $sdur, sort_name = $sname WHERE project_id = $p AND log_id = $l AND id = $id RETURNING seq",
            spanParameters);
        _rootOf = Prepare("SELECT root_span_id FROM spans WHERE project_id = $p AND log_id = $l AND id = $id", "$p", "$l", "$id");
        // INDEXED BY: without statistics (a new store) the planner picked the newest-first roots index, which matches
        // only project_id, and walked every root of the project for each trace: ingest slowed as the store grew.
        _traceTokens = Prepare(
            "UPDATE spans INDEXED BY spans_trace SET trace_tokens = (SELECT COALESCE(SUM(t.tokens), 0) FROM spans t " +
            "WHERE t.project_id = $p AND t.root_span_id = $r AND t.is_visible = 1) WHERE project_id = $p AND root_span_id = $r AND is_root = 1",
            "$p", "$r");
        // Search text is queued for SqliteSearchIndexer, which indexes it after the commit in large batches.
        _queueSearch = Prepare("INSERT OR REPLACE INTO fts_pending (seq, body, replaces) VALUES ($seq, $body, $replaces)", "$seq", "$body", "$replaces");
        _delete = Prepare(
            "INSERT OR REPLACE INTO fts_pending (seq, body, replaces) " +
            "SELECT seq, NULL, 1 FROM spans WHERE project_id = $p AND log_id = $l AND id = $id; " +
            "DELETE FROM spans WHERE project_id = $p AND log_id = $l AND id = $id; " +
            "DELETE FROM comments WHERE project_id = $p AND log_id = $l AND id = $id;",
            "$p", "$l", "$id");
        _comment = Prepare(
            "INSERT INTO comments (project_id, log_id, id, origin_id, text, created, audit_source, audit_metadata, xact_id) " +
            "VALUES ($p, $l, $id, $origin, $text, $created, $source, $meta, $xact) " +
            "ON CONFLICT (project_id, log_id, id) DO UPDATE SET origin_id = excluded.origin_id, text = excluded.text, " +
            "audit_source = excluded.audit_source, audit_metadata = excluded.audit_metadata, xact_id = excluded.xact_id; " +
            // Touch the commented span so live views re-read it.
            "UPDATE spans SET xact_id = $xact WHERE project_id = $p AND log_id = $l AND id = $origin;",
            "$p", "$l", "$id", "$origin", "$text", "$created", "$source", "$meta", "$xact");
    }

    /// <summary>Span rows written (queued for search indexing) through this applier.</summary>
    public int SpansWritten { get; private set; }

    public async Task<long> NextXactIdAsync(CancellationToken ct) => Convert.ToInt64(await _nextXact.ExecuteScalarAsync(ct));

    /// <param name="prepared">The row as stored when its id is new, if the caller built it already (else built here).</param>
    public Task ApplyAsync(RowWrite row, PreparedSpan? prepared, long xactId, CancellationToken ct)
        => row.Kind switch
        {
            RowWriteKind.Comment => UpsertCommentAsync(row, xactId, ct),
            RowWriteKind.Delete => DeleteAsync(row, ct),
            _ => UpsertSpanAsync(row, prepared ?? PreparedSpan.ForNewRow(row), xactId, ct),
        };

    /// <summary>
    /// Ends a batch: refreshes the stored total tokens of every trace the batch touched (the tokens sort key lives on
    /// the root row). Runs inside the batch's savepoint, so it rolls back with it.
    /// </summary>
    public async Task FinishBatchAsync(CancellationToken ct)
    {
        foreach (var (projectId, rootSpanId) in _touched.Drain())
        {
            await Run(_traceTokens, ct, projectId, rootSpanId);
        }
    }

    /// <summary>Forgets the traces of a batch that was rolled back.</summary>
    public void DiscardBatch() => _touched.Drain();

    public void Dispose()
    {
        foreach (var command in _commands)
        {
            command.Dispose();
        }
    }

    /// <summary>
    /// Insert first, merge only on conflict: most rows are first writes of a new span, and the unique index is then
    /// probed once (by the INSERT) instead of twice (a SELECT, then the INSERT). A row that already exists is read,
    /// merged and updated as before.
    /// </summary>
    private async Task UpsertSpanAsync(RowWrite row, PreparedSpan prepared, long xactId, CancellationToken ct)
    {
        var (seq, searchText) = await TryInsertNewAsync(row, prepared, xactId, ct);
        var replaces = false;
        if (seq is null)
        {
            (seq, searchText) = await MergeIntoStoredAsync(row, xactId, ct);
            replaces = true;
        }
        SpansWritten++;
        if (seq is { } written)
        {
            await Run(_queueSearch, ct, written, searchText, replaces ? 1 : 0);
        }
    }

    /// <returns>
    /// The new row's seq and search text; seq is null when a row with this id is already stored (nothing was written).
    /// </returns>
    private async Task<(long? Seq, string? SearchText)> TryInsertNewAsync(RowWrite row, PreparedSpan prepared, long xactId, CancellationToken ct)
    {
        var searchText = BindSpan(_insert, row, xactId, prepared);
        var seq = await _insert.ExecuteScalarAsync(ct);
        return (seq is null or DBNull ? null : Convert.ToInt64(seq), searchText);
    }

    /// <returns>The updated row's seq (null only if no row was found after all) and its search text.</returns>
    private async Task<(long? Seq, string? SearchText)> MergeIntoStoredAsync(RowWrite row, long xactId, CancellationToken ct)
    {
        JsonObject? stored;
        bool storedIsPartial;
        Bind(_select, row.ProjectId, row.LogId, row.Id);
        await using (var reader = await _select.ExecuteReaderAsync(ct))
        {
            if (!await reader.ReadAsync(ct))
            {
                return (null, null);
            }
            stored = JsonNode.Parse(reader.GetString(1)) as JsonObject;
            storedIsPartial = reader.GetInt64(2) == 1;
            // The span may move to another trace: the old trace's total changes too.
            _touched.Add(row.ProjectId, reader.IsDBNull(3) ? null : reader.GetString(3));
        }
        var searchText = BindSpan(_update, row, xactId, PreparedSpan.From(RowMerger.Apply(stored, storedIsPartial, row), row));
        return (Convert.ToInt64(await _update.ExecuteScalarAsync(ct)), searchText);
    }

    /// <summary>Binds the span statement's parameters.</summary>
    /// <returns>The text to index for search; null for a row search must not find (not visible).</returns>
    private string? BindSpan(SqliteCommand write, RowWrite row, long xactId, PreparedSpan document)
    {
        var columns = document.Columns;
        Bind(write, row.ProjectId, row.LogId, row.Id, xactId, document.IsPartial ? 1 : 0, columns.IsVisible ? 1 : 0, columns.SpanId,
            columns.RootSpanId, columns.ParentSpanId, columns.IsRoot ? 1 : 0, columns.Name, columns.SpanType, columns.Start, columns.End,
            columns.SortTs, columns.HasError ? 1 : 0, columns.PromptTokens, columns.CompletionTokens, columns.Tokens, columns.Created,
            document.Json, columns.SortDuration, columns.SortName);
        _touched.Add(row.ProjectId, columns.RootSpanId);
        return columns.IsVisible ? columns.SearchText : null;
    }

    private async Task DeleteAsync(RowWrite row, CancellationToken ct)
    {
        Bind(_rootOf, row.ProjectId, row.LogId, row.Id);
        if (await _rootOf.ExecuteScalarAsync(ct) is string rootSpanId)
        {
            _touched.Add(row.ProjectId, rootSpanId);
        }
        await Run(_delete, ct, row.ProjectId, row.LogId, row.Id);
    }

    private Task UpsertCommentAsync(RowWrite row, long xactId, CancellationToken ct)
    {
        var comment = row.Comment ?? throw new ArgumentException($"comment row {row.Id} has no comment", nameof(row));
        return Run(_comment, ct, row.ProjectId, row.LogId, row.Id, comment.OriginId, comment.Text, comment.Created, comment.AuditSource,
            comment.AuditMetadata?.ToJsonString(), xactId);
    }

    private SqliteCommand Prepare(string sql, params string[] parameterNames)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _tx;
        command.CommandText = sql;
        foreach (var name in parameterNames)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }
        _commands.Add(command);
        return command;
    }

    private static void Bind(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }

    private static async Task Run(SqliteCommand command, CancellationToken ct, params object?[] values)
    {
        Bind(command, values);
        await command.ExecuteNonQueryAsync(ct);
    }
}

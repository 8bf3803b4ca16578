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

    private readonly SqlitePreparedCommands _commands;
    private readonly SqliteCommand _nextXact;
    private readonly SqliteCommand _select;
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _update;
    private readonly SqliteCommand _queueSearch;
    private readonly SqliteCommand _delete;
    private readonly SqliteCommand _comment;
    private readonly SqliteCommand _rootOf;
    private readonly SqliteTraceRollups _rollups;
    private readonly TouchedTraces _touched = new();
    private readonly List<(long Seq, string Text)> _batchTexts = [];
    private readonly List<(long Seq, string Text)> _finishedTexts = [];
    private readonly double _heard;

    /// <param name="heard">
    /// The server's time of this transaction (Unix seconds): every span it writes, merges into or comments on is
    /// stamped with it as <c>last_heard</c>. One clock read per commit, not per row.
    /// </param>
    public SqliteRowApplier(SqliteConnection connection, SqliteTransaction tx, double heard)
    {
        _heard = heard;
        _commands = new SqlitePreparedCommands(connection, tx);
        _nextXact = Prepare("UPDATE counters SET value = value + 1 WHERE name = 'xact' RETURNING value");
        // A span is found by its compact key (SpanKeys), then told apart from any other id with the same key by its text.
        const string sameRow = "row_key = $k AND project_id = $p AND log_id = $l AND id = $id";
        _select = Prepare($"SELECT seq, data, is_partial, root_span_id FROM spans WHERE {sameRow}", "$k", "$p", "$l", "$id");
        string[] spanParameters = ["$p", "$l", "$id", "$xact", "$partial", "$visible", "$span", "$root", "$parent", "$isroot", "$name", "$type",
            "$start", "$end", "$sort", "$error", "$pt", "$ct", "$tok", "$created", "$data", "$sdur", "$sname", "$k", "$sk", "$tk", "$heard"];
        // Inserts only when the id is new, and says so by returning the new seq: the common first write probes the id
        // index once, in the same statement, instead of a SELECT (a statement and a reader more per row) before it.
        _insert = Prepare($"INSERT INTO spans (project_id, log_id, id, {SpanColumnsSql}, row_key, span_key, trace_key, last_heard) " +
                          $"SELECT {string.Join(", ", spanParameters)} WHERE NOT EXISTS (SELECT 1 FROM spans WHERE {sameRow}) RETURNING seq",
            spanParameters);
        _update = Prepare(
            "UPDATE spans SET xact_id = $xact, is_partial = $partial, is_visible = $visible, span_id = $span, root_span_id = $root, " +
            "parent_span_id = $parent, is_root = $isroot, name = $name, span_type = $type, start_ts = $start, end_ts = $end, " +
            "sort_ts = $sort, has_error = $error, prompt_tokens = $pt, completion_tokens = $ct, tokens = $tok, created = $created, " +
            $"data = $data, sort_duration = $sdur, sort_name = $sname, span_key = $sk, trace_key = $tk, last_heard = $heard WHERE {sameRow} RETURNING seq",
            spanParameters);
        _rootOf = Prepare($"SELECT root_span_id FROM spans WHERE {sameRow}", "$k", "$p", "$l", "$id");
        _rollups = new SqliteTraceRollups(_commands);
        // SqliteSearchIndexer indexes spans after the commit in large batches. New spans are found by their seq (above
        // search_state.indexed_seq); an updated or deleted span is queued here, as it may be indexed already. The text
        // itself is handed over in memory after the commit (SearchTexts); the queue row only says where to find it.
        _queueSearch = Prepare("INSERT OR REPLACE INTO fts_pending (seq, body, replaces, from_span) VALUES ($seq, NULL, $replaces, $from)",
            "$seq", "$replaces", "$from");
        _delete = Prepare(
            "INSERT OR REPLACE INTO fts_pending (seq, body, replaces) " +
            $"SELECT seq, NULL, 1 FROM spans WHERE {sameRow}; " +
            $"DELETE FROM spans WHERE {sameRow}; " +
            "DELETE FROM comments WHERE project_id = $p AND log_id = $l AND id = $id;",
            "$k", "$p", "$l", "$id");
        _comment = Prepare(
            "INSERT INTO comments (project_id, log_id, id, origin_id, text, created, audit_source, audit_metadata, xact_id) " +
            "VALUES ($p, $l, $id, $origin, $text, $created, $source, $meta, $xact) " +
            "ON CONFLICT (project_id, log_id, id) DO UPDATE SET origin_id = excluded.origin_id, text = excluded.text, " +
            "audit_source = excluded.audit_source, audit_metadata = excluded.audit_metadata, xact_id = excluded.xact_id; " +
            // Touch the commented span so live views re-read it; a comment is news of the span, too.
            "UPDATE spans SET xact_id = $xact, last_heard = $heard WHERE row_key = $ko AND project_id = $p AND log_id = $l AND id = $origin;",
            "$p", "$l", "$id", "$origin", "$text", "$created", "$source", "$meta", "$xact", "$ko", "$heard");
    }

    /// <summary>Span rows written (queued for search indexing) through this applier.</summary>
    public int SpansWritten { get; private set; }

    /// <summary>Search text of the visible spans written by the batches finished so far (not the rolled-back ones).</summary>
    public IReadOnlyList<(long Seq, string Text)> SearchTexts => _finishedTexts;

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
    /// Ends a batch: refreshes the stored roll-ups (the tokens sort key, span count, errors, scores: see
    /// <see cref="TraceRollup"/>) of every trace the batch touched, on its root row. Runs inside the batch's savepoint,
    /// so it rolls back with it.
    /// </summary>
    public async Task FinishBatchAsync(CancellationToken ct)
    {
        foreach (var (projectId, rootSpanId) in _touched.Drain())
        {
            await _rollups.RefreshAsync(projectId, rootSpanId, ct);
        }
        _finishedTexts.AddRange(_batchTexts);
        _batchTexts.Clear();
    }

    /// <summary>Forgets the traces of a batch that was rolled back.</summary>
    public void DiscardBatch()
    {
        _touched.Drain();
        _batchTexts.Clear();
    }

    public void Dispose() => _commands.Dispose();

    /// <summary>
    /// Inserts the prepared document if the id is new (one probe of a small index by its compact key; no stored row
    /// for almost every span), else reads the stored row, merges into it and updates it.
    /// </summary>
    private async Task UpsertSpanAsync(RowWrite row, PreparedSpan prepared, long xactId, CancellationToken ct)
    {
        var rowKey = SpanKeys.Of(row.ProjectId, row.Id)!.Value;
        var searchText = BindSpan(_insert, row, rowKey, xactId, prepared);
        var inserted = await _insert.ExecuteScalarAsync(ct);
        var isNew = inserted is not null;
        long seq;
        if (isNew)
        {
            seq = Convert.ToInt64(inserted);
        }
        else
        {
            // Nothing else writes between the insert's probe and this read: the writer is the only one (GroupCommitQueue).
            var stored = await FindStoredAsync(row, rowKey, ct)
                         ?? throw new InvalidOperationException($"span {row.Id} was neither new nor stored");
            searchText = BindSpan(_update, row, rowKey, xactId, PreparedSpan.From(RowMerger.Apply(stored.Data, stored.IsPartial, row), row));
            seq = Convert.ToInt64(await _update.ExecuteScalarAsync(ct));
        }
        SpansWritten++;
        if (!isNew)
        {
            // A new span needs no queue row: its seq is above the index's high-water mark (SqliteSearchIndexer).
            await Run(_queueSearch, ct, seq, 1, searchText is null ? 0 : 1);
        }
        if (searchText is not null)
        {
            _batchTexts.Add((seq, searchText));
        }
    }

    /// <returns>The stored document of the row's id and whether it is partial; null when the id is new.</returns>
    private async Task<(JsonObject? Data, bool IsPartial)?> FindStoredAsync(RowWrite row, long rowKey, CancellationToken ct)
    {
        Bind(_select, rowKey, row.ProjectId, row.LogId, row.Id);
        await using var reader = await _select.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }
        // The span may move to another trace: the old trace's total changes too.
        _touched.Add(row.ProjectId, reader.IsDBNull(3) ? null : reader.GetString(3));
        return (JsonNode.Parse(reader.GetString(1)) as JsonObject, reader.GetInt64(2) == 1);
    }

    /// <summary>Binds the span statement's parameters.</summary>
    /// <returns>The text to index for search; null for a row search must not find (not visible).</returns>
    private string? BindSpan(SqliteCommand write, RowWrite row, long rowKey, long xactId, PreparedSpan document)
    {
        var columns = document.Columns;
        Bind(write, row.ProjectId, row.LogId, row.Id, xactId, document.IsPartial ? 1 : 0, columns.IsVisible ? 1 : 0, columns.SpanId,
            columns.RootSpanId, columns.ParentSpanId, columns.IsRoot ? 1 : 0, columns.Name, columns.SpanType, columns.Start, columns.End,
            columns.SortTs, columns.HasError ? 1 : 0, columns.PromptTokens, columns.CompletionTokens, columns.Tokens, columns.Created,
            document.Json, columns.SortDuration, columns.SortName, rowKey, SpanKeyColumn(row, columns.SpanId),
            SpanKeys.Of(row.ProjectId, columns.RootSpanId), _heard);
        _touched.Add(row.ProjectId, columns.RootSpanId);
        return columns.IsVisible ? columns.SearchText : null;
    }

    /// <summary>
    /// The span id's key, or null when the span id is the row id (as the SDKs write spans): a lookup by span id tries
    /// the row id first and finds such a span there, so the span-id index (partial since schema version 10) needs no
    /// entry for it, and the common row dirties one random index page fewer.
    /// </summary>
    private static long? SpanKeyColumn(RowWrite row, string? spanId) => spanId == row.Id ? null : SpanKeys.Of(row.ProjectId, spanId);

    private async Task DeleteAsync(RowWrite row, CancellationToken ct)
    {
        var rowKey = SpanKeys.Of(row.ProjectId, row.Id);
        Bind(_rootOf, rowKey, row.ProjectId, row.LogId, row.Id);
        if (await _rootOf.ExecuteScalarAsync(ct) is string rootSpanId)
        {
            _touched.Add(row.ProjectId, rootSpanId);
        }
        await Run(_delete, ct, rowKey, row.ProjectId, row.LogId, row.Id);
    }

    private Task UpsertCommentAsync(RowWrite row, long xactId, CancellationToken ct)
    {
        var comment = row.Comment ?? throw new ArgumentException($"comment row {row.Id} has no comment", nameof(row));
        return Run(_comment, ct, row.ProjectId, row.LogId, row.Id, comment.OriginId, comment.Text, comment.Created, comment.AuditSource,
            comment.AuditMetadata?.ToJsonString(), xactId, SpanKeys.Of(row.ProjectId, comment.OriginId), _heard);
    }

    private SqliteCommand Prepare(string sql, params string[] parameterNames) => _commands.Prepare(sql, parameterNames);

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

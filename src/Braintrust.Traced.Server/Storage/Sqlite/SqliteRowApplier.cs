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
                                          "start_ts, end_ts, sort_ts, has_error, prompt_tokens, completion_tokens, tokens, created, data";

    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _tx;
    private readonly List<SqliteCommand> _commands = [];
    private readonly SqliteCommand _nextXact;
    private readonly SqliteCommand _select;
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _update;
    private readonly SqliteCommand _unindex;
    private readonly SqliteCommand _index;
    private readonly SqliteCommand _delete;
    private readonly SqliteCommand _comment;

    public SqliteRowApplier(SqliteConnection connection, SqliteTransaction tx)
    {
        _connection = connection;
        _tx = tx;
        _nextXact = Prepare("UPDATE counters SET value = value + 1 WHERE name = 'xact' RETURNING value");
        _select = Prepare("SELECT seq, data, is_partial FROM spans WHERE project_id = $p AND log_id = $l AND id = $id", "$p", "$l", "$id");
        string[] spanParameters = ["$p", "$l", "$id", "$xact", "$partial", "$visible", "$span", "$root", "$parent", "$isroot", "$name", "$type",
            "$start", "$end", "$sort", "$error", "$pt", "$ct", "$tok", "$created", "$data"];
        _insert = Prepare($"INSERT INTO spans (project_id, log_id, id, {SpanColumnsSql}) VALUES ({string.Join(", ", spanParameters)}) RETURNING seq",
            spanParameters);
        _update = Prepare(
            "UPDATE spans SET xact_id = $xact, is_partial = $partial, is_visible = $visible, span_id = $span, root_span_id = $root, " +
            "parent_span_id = $parent, is_root = $isroot, name = $name, span_type = $type, start_ts = $start, end_ts = $end, " +
            "sort_ts = $sort, has_error = $error, prompt_tokens = $pt, completion_tokens = $ct, tokens = $tok, created = $created, " +
            "data = $data WHERE project_id = $p AND log_id = $l AND id = $id RETURNING seq",
            spanParameters);
        _unindex = Prepare("DELETE FROM spans_fts WHERE rowid = $seq", "$seq");
        _index = Prepare("INSERT INTO spans_fts (rowid, body) VALUES ($seq, $body)", "$seq", "$body");
        _delete = Prepare(
            "DELETE FROM spans_fts WHERE rowid IN (SELECT seq FROM spans WHERE project_id = $p AND log_id = $l AND id = $id); " +
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

    public async Task<long> NextXactIdAsync(CancellationToken ct) => Convert.ToInt64(await _nextXact.ExecuteScalarAsync(ct));

    public Task ApplyAsync(RowWrite row, long xactId, CancellationToken ct)
        => row.Kind switch
        {
            RowWriteKind.Comment => UpsertCommentAsync(row, xactId, ct),
            RowWriteKind.Delete => Run(_delete, ct, row.ProjectId, row.LogId, row.Id),
            _ => UpsertSpanAsync(row, xactId, ct),
        };

    public void Dispose()
    {
        foreach (var command in _commands)
        {
            command.Dispose();
        }
    }

    private async Task UpsertSpanAsync(RowWrite row, long xactId, CancellationToken ct)
    {
        JsonObject? stored = null;
        var storedIsPartial = false;
        var exists = false;
        Bind(_select, row.ProjectId, row.LogId, row.Id);
        await using (var reader = await _select.ExecuteReaderAsync(ct))
        {
            if (await reader.ReadAsync(ct))
            {
                exists = true;
                stored = JsonNode.Parse(reader.GetString(1)) as JsonObject;
                storedIsPartial = reader.GetInt64(2) == 1;
            }
        }
        var merged = RowMerger.Apply(stored, storedIsPartial, row);
        var data = SpanDocument.Normalize(merged.Data, row);
        var columns = SpanColumns.From(data);
        var write = exists ? _update : _insert;
        Bind(write, row.ProjectId, row.LogId, row.Id, xactId, merged.IsPartial ? 1 : 0, columns.IsVisible ? 1 : 0, columns.SpanId,
            columns.RootSpanId, columns.ParentSpanId, columns.IsRoot ? 1 : 0, columns.Name, columns.SpanType, columns.Start, columns.End,
            columns.SortTs, columns.HasError ? 1 : 0, columns.PromptTokens, columns.CompletionTokens, columns.Tokens, columns.Created,
            data.ToJsonString());
        var seq = Convert.ToInt64(await write.ExecuteScalarAsync(ct));
        await Run(_unindex, ct, seq);
        if (columns.IsVisible)
        {
            await Run(_index, ct, seq, columns.SearchText);
        }
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

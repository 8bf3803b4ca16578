using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace Braintrust.Traced.Server.Storage.Sqlite;

public sealed partial class SqliteStore
{
    public async Task<WriteOutcome> WriteAsync(IReadOnlyList<RowWrite> rows, CancellationToken ct)
    {
        await _writeGate.WaitAsync(ct);
        try
        {
            await using var connection = await OpenAsync(ct);
            // BEGIN IMMEDIATE: the whole batch is one atomic, durable transaction.
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
            long xactId;
            await using (var next = Command(connection, "UPDATE counters SET value = value + 1 WHERE name = 'xact' RETURNING value"))
            {
                next.Transaction = tx;
                xactId = Convert.ToInt64(await next.ExecuteScalarAsync(ct));
            }
            var ids = new List<string>(rows.Count);
            foreach (var row in rows)
            {
                switch (row.Kind)
                {
                    case RowWriteKind.Comment:
                        await UpsertCommentAsync(connection, tx, row, xactId, ct);
                        break;
                    case RowWriteKind.Delete:
                        await DeleteRowAsync(connection, tx, row, ct);
                        break;
                    default:
                        await UpsertSpanAsync(connection, tx, row, xactId, ct);
                        break;
                }
                ids.Add(row.Id);
            }
            await tx.CommitAsync(ct);
            return new WriteOutcome(xactId, ids);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private static async Task UpsertSpanAsync(SqliteConnection connection, SqliteTransaction tx, RowWrite row, long xactId, CancellationToken ct)
    {
        long? seq = null;
        JsonObject? stored = null;
        var storedIsPartial = false;
        await using (var select = Command(connection,
            "SELECT seq, data, is_partial FROM spans WHERE project_id = $p AND log_id = $l AND id = $id",
            ("$p", row.ProjectId), ("$l", row.LogId), ("$id", row.Id)))
        {
            select.Transaction = tx;
            await using var reader = await select.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct))
            {
                seq = reader.GetInt64(0);
                stored = JsonNode.Parse(reader.GetString(1)) as JsonObject;
                storedIsPartial = reader.GetInt64(2) == 1;
            }
        }
        var merged = RowMerger.Apply(stored, storedIsPartial, row);
        var data = SpanDocument.Normalize(merged.Data, row);
        var columns = SpanColumns.From(data);
        var parameters = new (string, object?)[]
        {
            ("$p", row.ProjectId), ("$l", row.LogId), ("$id", row.Id), ("$xact", xactId), ("$partial", merged.IsPartial ? 1 : 0),
            ("$visible", columns.IsVisible ? 1 : 0), ("$span", columns.SpanId), ("$root", columns.RootSpanId),
            ("$parent", columns.ParentSpanId), ("$isroot", columns.IsRoot ? 1 : 0), ("$name", columns.Name),
            ("$type", columns.SpanType), ("$start", columns.Start), ("$end", columns.End), ("$sort", columns.SortTs),
            ("$error", columns.HasError ? 1 : 0), ("$pt", columns.PromptTokens), ("$ct", columns.CompletionTokens),
            ("$tok", columns.Tokens), ("$created", columns.Created), ("$data", data.ToJsonString()),
        };
        var sql = seq is null
            ? "INSERT INTO spans (project_id, log_id, id, xact_id, is_partial, is_visible, span_id, root_span_id, parent_span_id, " +
              "is_root, name, span_type, start_ts, end_ts, sort_ts, has_error, prompt_tokens, completion_tokens, tokens, created, data) " +
              "VALUES ($p, $l, $id, $xact, $partial, $visible, $span, $root, $parent, $isroot, $name, $type, $start, $end, $sort, " +
              "$error, $pt, $ct, $tok, $created, $data) RETURNING seq"
            : "UPDATE spans SET xact_id = $xact, is_partial = $partial, is_visible = $visible, span_id = $span, root_span_id = $root, " +
              "parent_span_id = $parent, is_root = $isroot, name = $name, span_type = $type, start_ts = $start, end_ts = $end, " +
              "sort_ts = $sort, has_error = $error, prompt_tokens = $pt, completion_tokens = $ct, tokens = $tok, created = $created, " +
              "data = $data WHERE project_id = $p AND log_id = $l AND id = $id RETURNING seq";
        await using (var write = Command(connection, sql, parameters))
        {
            write.Transaction = tx;
            seq = Convert.ToInt64(await write.ExecuteScalarAsync(ct));
        }
        await using (var unindex = Command(connection, "DELETE FROM spans_fts WHERE rowid = $seq", ("$seq", seq)))
        {
            unindex.Transaction = tx;
            await unindex.ExecuteNonQueryAsync(ct);
        }
        if (columns.IsVisible)
        {
            await using var index = Command(connection, "INSERT INTO spans_fts (rowid, body) VALUES ($seq, $body)",
                ("$seq", seq), ("$body", columns.SearchText));
            index.Transaction = tx;
            await index.ExecuteNonQueryAsync(ct);
        }
    }

    private static async Task DeleteRowAsync(SqliteConnection connection, SqliteTransaction tx, RowWrite row, CancellationToken ct)
    {
        await using var delete = Command(connection,
            "DELETE FROM spans_fts WHERE rowid IN (SELECT seq FROM spans WHERE project_id = $p AND log_id = $l AND id = $id); " +
            "DELETE FROM spans WHERE project_id = $p AND log_id = $l AND id = $id; " +
            "DELETE FROM comments WHERE project_id = $p AND log_id = $l AND id = $id;",
            ("$p", row.ProjectId), ("$l", row.LogId), ("$id", row.Id));
        delete.Transaction = tx;
        await delete.ExecuteNonQueryAsync(ct);
    }

    private static async Task UpsertCommentAsync(SqliteConnection connection, SqliteTransaction tx, RowWrite row, long xactId, CancellationToken ct)
    {
        var comment = row.Comment!;
        await using var upsert = Command(connection,
            "INSERT INTO comments (project_id, log_id, id, origin_id, text, created, audit_source, audit_metadata, xact_id) " +
            "VALUES ($p, $l, $id, $origin, $text, $created, $source, $meta, $xact) " +
            "ON CONFLICT (project_id, log_id, id) DO UPDATE SET origin_id = excluded.origin_id, text = excluded.text, " +
            "audit_source = excluded.audit_source, audit_metadata = excluded.audit_metadata, xact_id = excluded.xact_id",
            ("$p", row.ProjectId), ("$l", row.LogId), ("$id", row.Id), ("$origin", comment.OriginId), ("$text", comment.Text),
            ("$created", comment.Created), ("$source", comment.AuditSource), ("$meta", comment.AuditMetadata?.ToJsonString()),
            ("$xact", xactId));
        upsert.Transaction = tx;
        await upsert.ExecuteNonQueryAsync(ct);
        // Touch the commented span so live views re-read it.
        await using var touch = Command(connection,
            "UPDATE spans SET xact_id = $xact WHERE project_id = $p AND log_id = $l AND id = $origin",
            ("$p", row.ProjectId), ("$l", row.LogId), ("$origin", comment.OriginId), ("$xact", xactId));
        touch.Transaction = tx;
        await touch.ExecuteNonQueryAsync(ct);
    }

    public async Task<FetchPage> FetchAsync(string projectId, int limit, long? beforeSeq, CancellationToken ct)
    {
        var spans = await SpanListAsync(
            $"SELECT {StoredSpanReader.Columns}, json_extract(data, '$.scores'), data FROM spans " +
            "WHERE project_id = $p AND is_visible = 1 AND ($before IS NULL OR seq < $before) ORDER BY seq DESC LIMIT $limit",
            ct, ("$p", projectId), ("$before", beforeSeq), ("$limit", limit + 1));
        return spans.Count > limit
            ? new FetchPage(spans.Take(limit).ToList(), spans[limit - 1].Seq)
            : new FetchPage(spans, null);
    }

    private Task<IReadOnlyList<StoredSpan>> SpanListAsync(string sql, CancellationToken ct, params (string, object?)[] parameters)
        => ListAsync(sql, StoredSpanReader.Read, ct, parameters);
}

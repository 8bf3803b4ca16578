using System.Text.Json.Nodes;
using Npgsql;
using NpgsqlTypes;

namespace Braintrust.Traced.Server.Storage.Postgres;

public sealed partial class PostgresStore
{
    /// <summary>Queues the batch; new ids' documents are built here, on the caller's thread (see <see cref="PreparedSpan"/>).</summary>
    public Task<WriteOutcome> WriteAsync(IReadOnlyList<RowWrite> rows, CancellationToken ct)
        => _writes.EnqueueAsync(rows, ct, PostgresBatchWriter.CanWrite(rows) ? PreparedSpan.ForBatch(rows) : null);

    /// <summary>
    /// Commits a group of queued batches in one transaction. First without savepoints: a group of span rows only (the
    /// ingest path) as one set of statements for all its batches, any other group batch by batch. If a batch fails,
    /// the transaction is rolled back and the group replayed with each batch inside its own savepoint, so the failing
    /// batch is rolled back alone. Callers are answered only after COMMIT returned; then the search indexer is woken.
    /// </summary>
    private async Task CommitGroupAsync(IReadOnlyList<PendingWrite> group)
    {
        var ct = CancellationToken.None;
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        // This server's clock, read once for the group: the written spans' last_heard (see PostgresMigrations version 7).
        var heard = _time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0;
        var committed = group.All(g => PostgresBatchWriter.CanWrite(g.Rows))
            ? await CommitSpanGroupAsync(connection, group, heard, ct)
            : await CommitGroupOnceAsync(connection, group, heard, isolateBatches: false, ct);
        if (!committed)
        {
            await CommitGroupOnceAsync(connection, group, heard, isolateBatches: true, ct);
        }
        _search.Changed();
    }

    /// <returns>False when the group failed: nothing committed, nobody answered.</returns>
    private async Task<bool> CommitSpanGroupAsync(NpgsqlConnection connection, IReadOnlyList<PendingWrite> group, double heard, CancellationToken ct)
    {
        await using var tx = await connection.BeginTransactionAsync(ct);
        var touched = new TouchedTraces();
        (long[] XactIds, List<SpanSearchText> Texts) written;
        try
        {
            written = await PostgresBatchWriter.WriteAsync(connection, tx, group, touched, heard, ct);
            await RefreshTraceRollupsAsync(connection, tx, touched, ct);
        }
        catch (Exception)
        {
            await tx.RollbackAsync(ct);
            return false;
        }
        await tx.CommitAsync(ct);
        _search.Remember(written.Texts);
        for (var i = 0; i < group.Count; i++)
        {
            group[i].Answer(new WriteOutcome(written.XactIds[i], group[i].Rows.Select(r => r.Id).ToList()), null);
        }
        return true;
    }

    /// <returns>False when a batch failed without <paramref name="isolateBatches"/>: nothing committed, nobody answered.</returns>
    private async Task<bool> CommitGroupOnceAsync(NpgsqlConnection connection, IReadOnlyList<PendingWrite> group, double heard, bool isolateBatches,
        CancellationToken ct)
    {
        await using var tx = await connection.BeginTransactionAsync(ct);
        var results = new List<(PendingWrite Pending, WriteOutcome? Outcome, Exception? Error)>(group.Count);
        var texts = new List<SpanSearchText>();
        var touched = new TouchedTraces();
        for (var i = 0; i < group.Count; i++)
        {
            var savepoint = "batch" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (isolateBatches)
            {
                await tx.SaveAsync(savepoint, ct);
            }
            try
            {
                long xactId;
                List<SpanSearchText>? batchTexts = null;
                if (PostgresBatchWriter.CanWrite(group[i].Rows))
                {
                    (var xactIds, batchTexts) = await PostgresBatchWriter.WriteAsync(connection, tx, [group[i]], touched, heard, ct);
                    xactId = xactIds[0];
                }
                else
                {
                    // Locks the counter row until commit: writers (also of other server processes) serialize here, so
                    // there are no row-lock deadlocks and transaction ids become visible in increasing order.
                    await using (var next = new NpgsqlCommand("UPDATE counters SET value = value + 1 WHERE name = 'xact' RETURNING value", connection, tx))
                    {
                        xactId = Convert.ToInt64(await next.ExecuteScalarAsync(ct));
                    }
                    foreach (var row in group[i].Rows)
                    {
                        switch (row.Kind)
                        {
                            case RowWriteKind.Comment:
                                await UpsertCommentAsync(connection, tx, row, xactId, heard, ct);
                                break;
                            case RowWriteKind.Delete:
                                await DeleteRowAsync(connection, tx, row, touched, ct);
                                break;
                            default:
                                await UpsertSpanAsync(connection, tx, row, xactId, heard, touched, ct);
                                break;
                        }
                    }
                }
                await RefreshTraceRollupsAsync(connection, tx, touched, ct);
                if (isolateBatches)
                {
                    await tx.ReleaseAsync(savepoint, ct);
                }
                results.Add((group[i], new WriteOutcome(xactId, group[i].Rows.Select(r => r.Id).ToList()), null));
                texts.AddRange(batchTexts ?? []);
            }
            catch (Exception) when (!isolateBatches)
            {
                await tx.RollbackAsync(ct);
                return false;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                touched.Drain();
                await tx.RollbackAsync(savepoint, ct);
                await tx.ReleaseAsync(savepoint, ct);
                results.Add((group[i], null, e));
            }
        }
        await tx.CommitAsync(ct);
        _search.Remember(texts);
        foreach (var (pending, outcome, error) in results)
        {
            pending.Answer(outcome, error);
        }
        return true;
    }

    /// <summary>The list's roll-ups (total-tokens sort key, span count, errors, scores) live on each trace's root row;
    /// refreshed once per group for the traces it touched (see <see cref="PostgresTraceRollups"/>).</summary>
    private static Task RefreshTraceRollupsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, TouchedTraces touched, CancellationToken ct)
        => PostgresTraceRollups.RefreshAsync(connection, tx, touched.Drain(), ct);

    private static async Task UpsertSpanAsync(NpgsqlConnection connection, NpgsqlTransaction tx, RowWrite row, long xactId,
        double heard, TouchedTraces touched, CancellationToken ct)
    {
        JsonObject? stored = null;
        var storedIsPartial = false;
        var exists = false;
        await using (var select = Command(connection,
            "SELECT data::text, is_partial, root_span_id FROM spans WHERE project_id = @p AND log_id = @l AND id = @id FOR UPDATE",
            ("p", row.ProjectId), ("l", row.LogId), ("id", row.Id)))
        {
            select.Transaction = tx;
            await using var reader = await select.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct))
            {
                exists = true;
                stored = JsonNode.Parse(reader.GetString(0)) as JsonObject;
                storedIsPartial = reader.GetBoolean(1);
                // The span may move to another trace: the old trace's total changes too.
                touched.Add(row.ProjectId, reader.IsDBNull(2) ? null : reader.GetString(2));
            }
        }
        var merged = RowMerger.Apply(stored, storedIsPartial, row);
        var data = SpanDocument.Normalize(merged.Data, row);
        var columns = SpanColumns.From(data);
        var sql = exists
            ? "UPDATE spans SET xact_id = @xact, is_partial = @partial, is_visible = @visible, span_id = @span, root_span_id = @root, " +
              "parent_span_id = @parent, is_root = @isroot, name = @name, span_type = @type, start_ts = @start, end_ts = @end, " +
              "sort_ts = @sort, has_error = @error, prompt_tokens = @pt, completion_tokens = @ct, tokens = @tok, created = @created, " +
              "data = @data::jsonb, sort_duration = @sdur, sort_name = @sname, last_heard = @heard WHERE project_id = @p AND log_id = @l AND id = @id"
            : "INSERT INTO spans (project_id, log_id, id, xact_id, is_partial, is_visible, span_id, root_span_id, parent_span_id, " +
              "is_root, name, span_type, start_ts, end_ts, sort_ts, has_error, prompt_tokens, completion_tokens, tokens, created, data, sort_duration, sort_name, last_heard) " +
              "VALUES (@p, @l, @id, @xact, @partial, @visible, @span, @root, @parent, @isroot, @name, @type, @start, @end, @sort, " +
              "@error, @pt, @ct, @tok, @created, @data::jsonb, @sdur, @sname, @heard)";
        await using var write = Command(connection, sql,
            ("p", row.ProjectId), ("l", row.LogId), ("id", row.Id), ("xact", xactId), ("partial", merged.IsPartial),
            ("visible", columns.IsVisible), ("span", columns.SpanId), ("root", columns.RootSpanId), ("parent", columns.ParentSpanId),
            ("isroot", columns.IsRoot), ("name", columns.Name), ("type", columns.SpanType), ("sort", columns.SortTs),
            ("error", columns.HasError), ("created", columns.Created), ("data", data.ToJsonString()),
            ("sdur", columns.SortDuration), ("sname", columns.SortName), ("heard", heard));
        touched.Add(row.ProjectId, columns.RootSpanId);
        write.Parameters.Add(NullableDouble("start", columns.Start));
        write.Parameters.Add(NullableDouble("end", columns.End));
        write.Parameters.Add(NullableDouble("pt", columns.PromptTokens));
        write.Parameters.Add(NullableDouble("ct", columns.CompletionTokens));
        write.Parameters.Add(NullableDouble("tok", columns.Tokens));
        write.Transaction = tx;
        await write.ExecuteNonQueryAsync(ct);
    }

    private static async Task DeleteRowAsync(NpgsqlConnection connection, NpgsqlTransaction tx, RowWrite row, TouchedTraces touched, CancellationToken ct)
    {
        await using (var delete = Command(connection,
            // The span's search vector goes with it (the indexer only looks at spans that still exist).
            "WITH gone AS (DELETE FROM spans WHERE project_id = @p AND log_id = @l AND id = @id RETURNING seq, root_span_id), " +
            "unindexed AS (DELETE FROM span_search WHERE seq IN (SELECT seq FROM gone)) " +
            "SELECT root_span_id FROM gone",
            ("p", row.ProjectId), ("l", row.LogId), ("id", row.Id)))
        {
            delete.Transaction = tx;
            if (await delete.ExecuteScalarAsync(ct) is string rootSpanId)
            {
                touched.Add(row.ProjectId, rootSpanId);
            }
        }
        await using var comments = Command(connection, "DELETE FROM comments WHERE project_id = @p AND log_id = @l AND id = @id",
            ("p", row.ProjectId), ("l", row.LogId), ("id", row.Id));
        comments.Transaction = tx;
        await comments.ExecuteNonQueryAsync(ct);
    }

    private static async Task UpsertCommentAsync(NpgsqlConnection connection, NpgsqlTransaction tx, RowWrite row, long xactId, double heard, CancellationToken ct)
    {
        var comment = row.Comment ?? throw new ArgumentException($"comment row {row.Id} has no comment", nameof(row));
        await using var upsert = Command(connection,
            "INSERT INTO comments (project_id, log_id, id, origin_id, text, created, audit_source, audit_metadata, xact_id) " +
            "VALUES (@p, @l, @id, @origin, @text, @created, @source, @meta, @xact) " +
            "ON CONFLICT (project_id, log_id, id) DO UPDATE SET origin_id = excluded.origin_id, text = excluded.text, " +
            "audit_source = excluded.audit_source, audit_metadata = excluded.audit_metadata, xact_id = excluded.xact_id; " +
            // A comment is news of the span: it is touched for live views and heard from.
            "UPDATE spans SET xact_id = @xact, last_heard = @heard WHERE project_id = @p AND log_id = @l AND id = @origin;",
            ("p", row.ProjectId), ("l", row.LogId), ("id", row.Id), ("origin", comment.OriginId), ("text", comment.Text),
            ("created", comment.Created), ("source", comment.AuditSource), ("meta", comment.AuditMetadata?.ToJsonString()),
            ("xact", xactId), ("heard", heard));
        upsert.Transaction = tx;
        await upsert.ExecuteNonQueryAsync(ct);
    }

    public async Task<FetchPage> FetchAsync(string projectId, int limit, long? beforeSeq, CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var command = Command(connection,
            $"SELECT {FullColumns} FROM spans WHERE project_id = @p AND is_visible AND (@before::bigint IS NULL OR seq < @before::bigint) " +
            "ORDER BY seq DESC LIMIT @limit",
            ("p", projectId), ("limit", limit + 1));
        command.Parameters.Add(new NpgsqlParameter("before", NpgsqlDbType.Bigint) { Value = beforeSeq is { } b ? b : DBNull.Value });
        var spans = await ReadSpansAsync(command, ct);
        return spans.Count > limit
            ? new FetchPage(spans.Take(limit).ToList(), spans[limit - 1].Seq)
            : new FetchPage(spans, null);
    }

    private static async Task<IReadOnlyList<StoredSpan>> ReadSpansAsync(NpgsqlCommand command, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        var list = new List<StoredSpan>();
        while (await reader.ReadAsync(ct))
        {
            list.Add(StoredSpanReader.Read(reader));
        }
        return list;
    }
}

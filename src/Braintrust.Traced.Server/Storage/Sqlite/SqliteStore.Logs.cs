using Microsoft.Data.Sqlite;

namespace Braintrust.Traced.Server.Storage.Sqlite;

public sealed partial class SqliteStore
{
    /// <summary>
    /// Queues the batch for the single writer. The rows' documents are built here, on the caller's thread, so that
    /// concurrent requests do that work in parallel and the writer only stores them (see <see cref="PreparedSpan"/>).
    /// </summary>
    public Task<WriteOutcome> WriteAsync(IReadOnlyList<RowWrite> rows, CancellationToken ct)
        => _writes.EnqueueAsync(rows, ct, PreparedSpan.ForBatch(rows));

    /// <summary>
    /// Commits a group of batches in ONE transaction (one fsync), each batch inside its own savepoint: a failing
    /// batch is rolled back alone and reported to its caller; the others commit. Callers are answered only after
    /// COMMIT returned, i.e. once their rows are durable.
    /// </summary>
    private async Task CommitGroupAsync(IReadOnlyList<PendingWrite> group)
    {
        try
        {
            var writer = await WriterAsync();
            // Optimistic first: no savepoints, which cost a statement journal per statement and made FTS5 flush.
            // Should a batch fail, the whole transaction is rolled back and the group is replayed with each batch
            // in its own savepoint, so the failing batch fails alone. Nothing is answered before the final commit.
            // One clock read for the whole group: every span it writes is heard of at this time (last_heard, schema 12).
            var heard = _time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0;
            var written = await CommitGroupOnWriterAsync(group, writer, heard, isolateBatches: false)
                          ?? await CommitGroupOnWriterAsync(group, writer, heard, isolateBatches: true);
            _searchIndexer.Queued(written?.SpansWritten ?? 0, written?.SearchTexts ?? []);
        }
        catch
        {
            // The commit failed (disk full, I/O error): start the next group on a fresh connection.
            await DropWriterAsync();
            throw;
        }
        if (++_groupsSinceOptimize >= SqliteTuning.GroupsPerOptimize)
        {
            _groupsSinceOptimize = 0;
            await using var optimize = Command(_writer!, "PRAGMA optimize;");
            await optimize.ExecuteNonQueryAsync();
        }
    }

    /// <returns>
    /// The number of span rows written (queued for search indexing) and the committed spans' search text; null when a
    /// batch failed without <paramref name="isolateBatches"/>: then nothing was committed and no caller was answered.
    /// </returns>
    private static async Task<(int SpansWritten, IReadOnlyList<(long Seq, string Text)> SearchTexts)?> CommitGroupOnWriterAsync(IReadOnlyList<PendingWrite> group, SqliteConnection connection, double heard, bool isolateBatches)
    {
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(CancellationToken.None);
        var results = new List<(PendingWrite Pending, WriteOutcome? Outcome, Exception? Error)>(group.Count);
        int spansWritten;
        IReadOnlyList<(long Seq, string Text)> searchTexts;
        using (var applier = new SqliteRowApplier(connection, tx, heard))
        {
            for (var i = 0; i < group.Count; i++)
            {
                var savepoint = "batch" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (isolateBatches)
                {
                    await tx.SaveAsync(savepoint);
                }
                try
                {
                    var xactId = await applier.NextXactIdAsync(CancellationToken.None);
                    var rows = group[i].Rows;
                    for (var r = 0; r < rows.Count; r++)
                    {
                        await applier.ApplyAsync(rows[r], group[i].PreparedSpans?[r], xactId, CancellationToken.None);
                    }
                    await applier.FinishBatchAsync(CancellationToken.None);
                    if (isolateBatches)
                    {
                        await tx.ReleaseAsync(savepoint);
                    }
                    results.Add((group[i], new WriteOutcome(xactId, group[i].Rows.Select(r => r.Id).ToList()), null));
                }
                catch (Exception) when (!isolateBatches)
                {
                    await tx.RollbackAsync(CancellationToken.None);
                    return null;
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    applier.DiscardBatch();
                    await tx.RollbackAsync(savepoint);
                    await tx.ReleaseAsync(savepoint);
                    results.Add((group[i], null, e));
                }
            }
            spansWritten = applier.SpansWritten;
            searchTexts = applier.SearchTexts;
        }
        await tx.CommitAsync(CancellationToken.None);
        foreach (var (pending, outcome, error) in results)
        {
            pending.Answer(outcome, error);
        }
        return (spansWritten, searchTexts);
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

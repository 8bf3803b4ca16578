using Microsoft.Data.Sqlite;

namespace Braintrust.Traced.Server.Storage.Sqlite;

public sealed partial class SqliteStore
{
    public Task<WriteOutcome> WriteAsync(IReadOnlyList<RowWrite> rows, CancellationToken ct) => _writes.EnqueueAsync(rows, ct);

    /// <summary>
    /// Commits a group of batches in ONE transaction (one fsync), each batch inside its own savepoint: a failing
    /// batch is rolled back alone and reported to its caller; the others commit. Callers are answered only after
    /// COMMIT returned, i.e. once their rows are durable.
    /// </summary>
    private async Task CommitGroupAsync(IReadOnlyList<PendingWrite> group)
    {
        await using var connection = await OpenAsync(CancellationToken.None);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(CancellationToken.None);
        var results = new List<(PendingWrite Pending, WriteOutcome? Outcome, Exception? Error)>(group.Count);
        using (var applier = new SqliteRowApplier(connection, tx))
        {
            for (var i = 0; i < group.Count; i++)
            {
                var savepoint = "batch" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await tx.SaveAsync(savepoint);
                try
                {
                    var xactId = await applier.NextXactIdAsync(CancellationToken.None);
                    foreach (var row in group[i].Rows)
                    {
                        await applier.ApplyAsync(row, xactId, CancellationToken.None);
                    }
                    await tx.ReleaseAsync(savepoint);
                    results.Add((group[i], new WriteOutcome(xactId, group[i].Rows.Select(r => r.Id).ToList()), null));
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    await tx.RollbackAsync(savepoint);
                    await tx.ReleaseAsync(savepoint);
                    results.Add((group[i], null, e));
                }
            }
        }
        await tx.CommitAsync(CancellationToken.None);
        foreach (var (pending, outcome, error) in results)
        {
            if (error is null)
            {
                pending.Completion.TrySetResult(outcome!);
            }
            else
            {
                pending.Completion.TrySetException(error);
            }
        }
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

using Microsoft.Data.Sqlite;

namespace Braintrust.Traced.Server.Storage.Sqlite;

/// <summary>
/// Moves queued search text (<c>fts_pending</c>) into the FTS5 index in large transactions on the writer connection.
/// Indexing 5,000 rows at once writes one FTS5 segment where indexing inside each request's commit wrote one per
/// request, and the segment merges that followed were most of the ingest cost. The price: a span becomes findable by
/// free-text search a moment after its write is acknowledged (when ingest pauses for <see cref="IdleDelay"/>, or
/// once <see cref="BatchRows"/> rows or <see cref="MaxLag"/> have accumulated under steady load).
/// </summary>
internal sealed class SqliteSearchIndexer
{
    /// <summary>Rows indexed per transaction.</summary>
    public const int BatchRows = 5000;

    /// <summary>The longest a queued row waits while writes keep arriving.</summary>
    public static readonly TimeSpan MaxLag = TimeSpan.FromSeconds(2);

    /// <summary>How long the writer waits for more writes before it indexes what is queued.</summary>
    public static readonly TimeSpan IdleDelay = TimeSpan.FromMilliseconds(100);

    private readonly TimeProvider _time;
    private long _queuedRows;
    private long? _oldestQueuedAt;

    public SqliteSearchIndexer(TimeProvider time)
    {
        _time = time;
        // Rows may have been queued by an earlier run that stopped before indexing them: look once at start.
        _queuedRows = 1;
        _oldestQueuedAt = time.GetTimestamp();
    }

    /// <summary>Notes rows committed into the queue (called after each commit).</summary>
    public void Queued(int rows)
    {
        if (rows > 0)
        {
            _queuedRows += rows;
            _oldestQueuedAt ??= _time.GetTimestamp();
        }
    }

    /// <summary>Indexes queued rows when the writer is idle, enough rows have queued, or the oldest has waited too long.</summary>
    public async Task RunIfDueAsync(SqliteConnection writer, bool idle)
    {
        if (_queuedRows == 0)
        {
            return;
        }
        var due = idle || _queuedRows >= BatchRows
                  || (_oldestQueuedAt is { } since && _time.GetElapsedTime(since) >= MaxLag);
        if (!due)
        {
            return;
        }
        while (await IndexBatchAsync(writer) == BatchRows && idle)
        {
            // Idle: catch up completely (e.g. a backlog left by a previous run).
        }
        _queuedRows = 0;
        _oldestQueuedAt = null;
    }

    /// <returns>The number of queued rows handled.</returns>
    private static async Task<int> IndexBatchAsync(SqliteConnection writer)
    {
        await using var tx = (SqliteTransaction)await writer.BeginTransactionAsync();
        long? last = null;
        var count = 0;
        await using (var window = Command(writer, tx,
            "SELECT MAX(seq), COUNT(*) FROM (SELECT seq FROM fts_pending ORDER BY seq LIMIT $n)", ("$n", BatchRows)))
        await using (var reader = await window.ExecuteReaderAsync())
        {
            if (await reader.ReadAsync() && !reader.IsDBNull(0))
            {
                last = reader.GetInt64(0);
                count = reader.GetInt32(1);
            }
        }
        if (last is { } max)
        {
            await using var move = Command(writer, tx,
                // Only rows that may already be indexed (updates, deletes) are removed first: a brand-new span's
                // delete would be a wasted lookup.
                "DELETE FROM spans_fts WHERE rowid IN (SELECT seq FROM fts_pending WHERE seq <= $max AND replaces = 1); " +
                "INSERT INTO spans_fts (rowid, body) SELECT seq, body FROM fts_pending WHERE seq <= $max AND body IS NOT NULL ORDER BY seq; " +
                "DELETE FROM fts_pending WHERE seq <= $max;",
                ("$max", max));
            await move.ExecuteNonQueryAsync();
        }
        await tx.CommitAsync();
        return count;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction tx, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        return command;
    }
}

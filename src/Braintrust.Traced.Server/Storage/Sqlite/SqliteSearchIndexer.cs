using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace Braintrust.Traced.Server.Storage.Sqlite;

/// <summary>
/// Moves queued search text (<c>fts_pending</c>) into the FTS5 index in large transactions on the writer connection.
/// Indexing 5,000 rows at once writes one FTS5 segment where indexing inside each request's commit wrote one per
/// request, and the segment merges that followed were most of the ingest cost. The price: a span becomes findable by
/// free-text search a moment after its write is acknowledged (when ingest pauses for <see cref="IdleDelay"/>, or
/// once <see cref="BatchRows"/> rows or <see cref="MaxLag"/> have accumulated under steady load).
/// The queue row does not hold the text (schema version 8): committed spans' text is handed over in memory
/// (<see cref="Queued"/>), and a queued span whose text is not there (after a restart, or beyond
/// <see cref="MaxRememberedTexts"/>) has it rebuilt from its stored document.
/// </summary>
internal sealed class SqliteSearchIndexer
{
    /// <summary>Rows indexed per transaction.</summary>
    public const int BatchRows = 5000;

    /// <summary>The longest a queued row waits while writes keep arriving.</summary>
    public static readonly TimeSpan MaxLag = TimeSpan.FromSeconds(2);

    /// <summary>How long the writer waits for more writes before it indexes what is queued.</summary>
    public static readonly TimeSpan IdleDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>Texts kept for the indexer at most; beyond that, spans are re-read from the table when indexed.</summary>
    public const int MaxRememberedTexts = 50_000;

    private readonly TimeProvider _time;
    // Latest committed search text per queued span seq; only the writer's thread touches it.
    private readonly Dictionary<long, string> _texts = [];
    private long _queuedRows;
    private long? _oldestQueuedAt;
    private int _queueChangedElsewhere;

    public SqliteSearchIndexer(TimeProvider time)
    {
        _time = time;
        // Rows may have been queued by an earlier run that stopped before indexing them: look once at start.
        _queuedRows = 1;
        _oldestQueuedAt = time.GetTimestamp();
    }

    /// <summary>
    /// Notes that rows may have been queued outside the writer (a schema upgrade re-queues spans): the next due check
    /// looks at the queue. Safe from any thread.
    /// </summary>
    public void QueueChangedElsewhere() => Interlocked.Exchange(ref _queueChangedElsewhere, 1);

    /// <summary>Notes rows committed into the queue and their search text (called after each commit).</summary>
    public void Queued(int rows, IReadOnlyList<(long Seq, string Text)> texts)
    {
        foreach (var (seq, text) in texts)
        {
            // A later write of the same span replaces its text; memory stays bounded whatever the indexer's backlog.
            if (_texts.Count < MaxRememberedTexts || _texts.ContainsKey(seq))
            {
                _texts[seq] = text;
            }
        }
        if (rows > 0)
        {
            _queuedRows += rows;
            _oldestQueuedAt ??= _time.GetTimestamp();
        }
    }

    /// <summary>Indexes queued rows when the writer is idle, enough rows have queued, or the oldest has waited too long.</summary>
    /// <param name="writesWaiting">
    /// Whether writes are waiting: an idle catch-up through a large backlog (an upgrade re-queues every span) stops
    /// between batches for them, so a write never waits for more than one batch, and goes on at the next pause.
    /// </param>
    public async Task RunIfDueAsync(SqliteConnection writer, bool idle, Func<bool>? writesWaiting = null)
    {
        if (Interlocked.Exchange(ref _queueChangedElsewhere, 0) == 1)
        {
            _queuedRows = Math.Max(_queuedRows, 1);
            _oldestQueuedAt ??= _time.GetTimestamp();
        }
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
        var full = await IndexBatchAsync(writer) == BatchRows;
        while (full && idle && writesWaiting?.Invoke() != true)
        {
            // Idle: catch up completely (e.g. a backlog left by a previous run or an upgrade).
            full = await IndexBatchAsync(writer) == BatchRows;
        }
        if (full)
        {
            // More is queued than was indexed: due again after the usual lag, or at the next pause.
            _queuedRows = Math.Max(1, _queuedRows - BatchRows);
            _oldestQueuedAt = _time.GetTimestamp();
        }
        else
        {
            _queuedRows = 0;
            _oldestQueuedAt = null;
        }
    }

    /// <returns>The number of queued rows handled.</returns>
    private async Task<int> IndexBatchAsync(SqliteConnection writer)
    {
        await using var tx = (SqliteTransaction)await writer.BeginTransactionAsync();
        var window = new List<(long Seq, string? Body, bool FromSpan)>();
        await using (var select = Command(writer, tx, "SELECT seq, body, from_span FROM fts_pending ORDER BY seq LIMIT $n", ("$n", BatchRows)))
        await using (var reader = await select.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                window.Add((reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt64(2) == 1));
            }
        }
        if (window.Count > 0)
        {
            var max = window[^1].Seq;
            // Only rows that may already be indexed (updates, deletes) are removed first: a brand-new span's delete
            // would be a wasted lookup.
            await using (var remove = Command(writer, tx,
                "DELETE FROM spans_fts WHERE rowid IN (SELECT seq FROM fts_pending WHERE seq <= $max AND replaces = 1)", ("$max", max)))
            {
                await remove.ExecuteNonQueryAsync();
            }
            await using var insert = Command(writer, tx, "INSERT INTO spans_fts (rowid, body) VALUES ($seq, $body)", ("$seq", 0L), ("$body", ""));
            await using var reread = Command(writer, tx, "SELECT data FROM spans WHERE seq = $seq AND is_visible = 1", ("$seq", 0L));
            foreach (var (seq, body, fromSpan) in window)
            {
                // Taken out of memory whether used or not: a deleted span's queue row (no text) ends its entry too.
                var remembered = _texts.Remove(seq, out var text) ? text : null;
                var toIndex = body ?? (fromSpan ? remembered ?? await RebuildTextAsync(reread, seq) : null);
                if (toIndex is not null)
                {
                    insert.Parameters["$seq"].Value = seq;
                    insert.Parameters["$body"].Value = toIndex;
                    await insert.ExecuteNonQueryAsync();
                }
            }
            await using var done = Command(writer, tx, "DELETE FROM fts_pending WHERE seq <= $max", ("$max", max));
            await done.ExecuteNonQueryAsync();
        }
        await tx.CommitAsync();
        return window.Count;
    }

    /// <summary>The search text of a stored span, built as its write built it; null if it is gone or not visible.</summary>
    private static async Task<string?> RebuildTextAsync(SqliteCommand reread, long seq)
    {
        reread.Parameters["$seq"].Value = seq;
        return await reread.ExecuteScalarAsync() is string data && JsonNode.Parse(data) is JsonObject document
            ? SpanColumns.From(document).SearchText
            : null;
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

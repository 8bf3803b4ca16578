using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace Braintrust.Traced.Server.Storage.Sqlite;

/// <summary>
/// Moves queued search text (<c>fts_pending</c>) into the FTS5 index in large transactions on the writer connection.
/// Indexing 5,000 rows at once writes one FTS5 segment where indexing inside each request's commit wrote one per
/// request, and the segment merges that followed were most of the ingest cost. The price: a span becomes findable by
/// free-text search a moment after its write is acknowledged (when ingest pauses for <see cref="IdleDelay"/>, or
/// once <see cref="BatchRows"/> rows or <see cref="MaxLag"/> have accumulated under steady load).
/// A new span writes no queue row (schema version 11): the index covers every seq up to <c>search_state.indexed_seq</c>,
/// so the spans above it are the new ones; <c>fts_pending</c> holds only updates and deletes of spans that may be
/// indexed already. The queue row does not hold the text (schema version 8): committed spans' text is handed over in memory
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
        var full = await IndexBatchAsync(writer);
        while (full && idle && writesWaiting?.Invoke() != true)
        {
            // Idle: catch up completely (e.g. a backlog left by a previous run or an upgrade).
            full = await IndexBatchAsync(writer);
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

    /// <summary>
    /// Indexes, in one transaction, the spans new to the index (seq above <c>search_state.indexed_seq</c>, at most
    /// <see cref="BatchRows"/>) and the queued changes to spans it may hold already, then raises the mark.
    /// </summary>
    /// <returns>Whether a limit was reached, i.e. more may be waiting.</returns>
    private async Task<bool> IndexBatchAsync(SqliteConnection writer)
    {
        await using var tx = (SqliteTransaction)await writer.BeginTransactionAsync();
        var indexedSeq = Convert.ToInt64(await ScalarAsync(writer, tx, "SELECT indexed_seq FROM search_state WHERE id = 1"));
        var fresh = new List<(long Seq, bool Visible)>();
        await using (var select = Command(writer, tx, "SELECT seq, is_visible FROM spans WHERE seq > $after ORDER BY seq LIMIT $n",
                         ("$after", indexedSeq), ("$n", BatchRows)))
        await using (var reader = await select.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                fresh.Add((reader.GetInt64(0), reader.GetInt64(1) == 1));
            }
        }
        // The new mark. When fewer than a batch of spans lie above the old one, every seq handed out so far is covered,
        // including those of spans deleted before they were indexed (their queue rows are then dropped below).
        var coveredSeq = fresh.Count == BatchRows
            ? fresh[^1].Seq
            : Math.Max(indexedSeq, Convert.ToInt64(await ScalarAsync(writer, tx,
                "SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'spans'), 0)")));
        var changes = new List<(long Seq, string? Body, bool FromSpan)>();
        await using (var select = Command(writer, tx, "SELECT seq, body, from_span FROM fts_pending WHERE seq <= $covered ORDER BY seq LIMIT $n",
                         ("$covered", coveredSeq), ("$n", BatchRows)))
        await using (var reader = await select.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                changes.Add((reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt64(2) == 1));
            }
        }
        await using var insert = Command(writer, tx, "INSERT INTO spans_fts (rowid, body) VALUES ($seq, $body)", ("$seq", 0L), ("$body", ""));
        await using var reread = Command(writer, tx, "SELECT data FROM spans WHERE seq = $seq AND is_visible = 1", ("$seq", 0L));
        foreach (var (seq, visible) in fresh)
        {
            // The remembered text is the latest committed one; an invisible span's is dropped (it may predate the change).
            var remembered = _texts.Remove(seq, out var text) ? text : null;
            if (visible)
            {
                await IndexAsync(insert, seq, remembered ?? await RebuildTextAsync(reread, seq));
            }
        }
        if (changes.Count > 0)
        {
            var lastChange = changes[^1].Seq;
            // Only spans at or below the old mark can be in the index: a change to a span above it was indexed with the
            // new spans just now (as it is now), and a brand-new span's delete would be a wasted lookup.
            await using (var remove = Command(writer, tx,
                "DELETE FROM spans_fts WHERE rowid IN (SELECT seq FROM fts_pending WHERE seq <= $last AND seq <= $indexed AND replaces = 1)",
                ("$last", lastChange), ("$indexed", indexedSeq)))
            {
                await remove.ExecuteNonQueryAsync();
            }
            foreach (var (seq, body, fromSpan) in changes.Where(c => c.Seq <= indexedSeq))
            {
                // Taken out of memory whether used or not: a deleted span's queue row (no text) ends its entry too.
                var remembered = _texts.Remove(seq, out var text) ? text : null;
                await IndexAsync(insert, seq, body ?? (fromSpan ? remembered ?? await RebuildTextAsync(reread, seq) : null));
            }
            await using var done = Command(writer, tx, "DELETE FROM fts_pending WHERE seq <= $last", ("$last", lastChange));
            await done.ExecuteNonQueryAsync();
        }
        if (coveredSeq != indexedSeq)
        {
            await using var mark = Command(writer, tx, "UPDATE search_state SET indexed_seq = $covered WHERE id = 1", ("$covered", coveredSeq));
            await mark.ExecuteNonQueryAsync();
        }
        await tx.CommitAsync();
        return fresh.Count == BatchRows || changes.Count == BatchRows;
    }

    private static async Task IndexAsync(SqliteCommand insert, long seq, string? text)
    {
        if (text is not null)
        {
            insert.Parameters["$seq"].Value = seq;
            insert.Parameters["$body"].Value = text;
            await insert.ExecuteNonQueryAsync();
        }
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, SqliteTransaction tx, string sql)
    {
        await using var command = Command(connection, tx, sql);
        return await command.ExecuteScalarAsync();
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

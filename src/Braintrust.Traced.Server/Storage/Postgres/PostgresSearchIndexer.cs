using System.Text.Json.Nodes;
using System.Threading.Channels;
using Npgsql;
using NpgsqlTypes;

namespace Braintrust.Traced.Server.Storage.Postgres;

/// <summary>
/// Fills the full-text table (<c>span_search</c>) after the commit, on its own connection and task, so the ingest
/// transaction no longer runs <c>to_tsvector</c> and GIN inserts (more than half of the database's work per span).
/// The queue is the spans table itself: every write gives a span a new <c>xact_id</c>, xact ids become visible in
/// increasing order (the counter lock), and the indexer keeps a watermark (<c>counters.search_xact</c>) below which
/// every span is indexed. So a span is findable a moment after its write is acknowledged, merges are re-indexed,
/// and a restart continues from the stored watermark. The writer hands over the search text it already built
/// (<see cref="Remember"/>); a span whose text is not in memory (written by the per-row path, by another server
/// process, or before a restart) has it rebuilt from its stored document.
/// </summary>
internal sealed class PostgresSearchIndexer : IAsyncDisposable
{
    /// <summary>Spans indexed per transaction.</summary>
    public const int BatchRows = 5000;

    /// <summary>How long the indexer lets commits gather after a wake-up, so it indexes them in one batch.</summary>
    public static readonly TimeSpan GatherDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>Texts kept for the indexer at most; beyond that, spans are re-read from the table when indexed.</summary>
    public const int MaxRememberedTexts = 50_000;

    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    // Several server processes may share one database: one indexes, the others skip the round (their spans are
    // below the same watermark).
    private const long IndexerLockKey = 727100002;

    private readonly NpgsqlDataSource _dataSource;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _textsLock = new();
    private readonly Dictionary<(string ProjectId, string LogId, string Id), (long XactId, string Text)> _texts = [];
    private Task? _loop;

    public PostgresSearchIndexer(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    /// <summary>Starts indexing (once the schema exists); spans left unindexed by an earlier run are indexed first.</summary>
    public void Start()
    {
        if (_loop is not null)
        {
            return;
        }
        _loop = Task.Run(() => RunAsync(_stop.Token));
        Changed();
    }

    /// <summary>Called after a commit: spans changed, index them soon.</summary>
    public void Changed() => _wake.Writer.TryWrite(true);

    /// <summary>The committed search text of written spans, as of their transaction (called after the commit).</summary>
    public void Remember(IReadOnlyList<SpanSearchText> texts)
    {
        lock (_textsLock)
        {
            foreach (var text in texts)
            {
                var key = (text.ProjectId, text.LogId, text.Id);
                // A later write of the same span replaces its text; memory stays bounded whatever the backlog.
                if (_texts.Count < MaxRememberedTexts || _texts.ContainsKey(key))
                {
                    _texts[key] = (text.XactId, text.Text);
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _wake.Writer.TryComplete();
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            try
            {
                await _loop;
            }
            catch (OperationCanceledException)
            {
                // Stopped mid-batch: that batch rolled back; the stored watermark makes the next start redo it.
            }
        }
        _stop.Dispose();
    }

    // Set when the indexer lock was taken by another server (see RunAsync); only the indexing task touches it.
    private bool _anotherServerIndexing;

    private async Task RunAsync(CancellationToken ct)
    {
        while (await _wake.Reader.WaitToReadAsync(ct))
        {
            _wake.Reader.TryRead(out _);
            await Task.Delay(GatherDelay, ct);
            try
            {
                while (await IndexBatchAsync(ct))
                {
                    // More spans above the watermark than one batch: continue at once.
                }
                if (_anotherServerIndexing)
                {
                    // Another server sharing the database holds the indexer lock, and the batch it is writing may have
                    // been read before our latest commit: look again once it is likely done, or our spans could wait
                    // unindexed until the next write.
                    _anotherServerIndexing = false;
                    await Task.Delay(GatherDelay, ct);
                    Changed();
                }
            }
            catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
            {
                // Nothing is lost: the watermark did not move. Retry later (e.g. the database restarting).
                System.Diagnostics.Trace.TraceWarning($"Search indexing failed and will be retried: {e.Message}");
                await Task.Delay(RetryDelay, ct);
                Changed();
            }
        }
    }

    /// <returns>True when spans above the new watermark remain (the batch was full).</returns>
    private async Task<bool> IndexBatchAsync(CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        long from, upTo;
        await using (var state = new NpgsqlCommand(
            "SELECT pg_try_advisory_xact_lock(@lock), (SELECT value FROM counters WHERE name = 'search_xact'), " +
            "(SELECT value FROM counters WHERE name = 'xact')", connection, tx))
        {
            state.Parameters.AddWithValue("lock", IndexerLockKey);
            await using var reader = await state.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            if (!reader.GetBoolean(0))
            {
                _anotherServerIndexing = true;
                return false;
            }
            (from, upTo) = (reader.GetInt64(1), reader.GetInt64(2));
        }
        if (from >= upTo)
        {
            return false;
        }
        var changed = await ReadChangedAsync(connection, tx, from, upTo, BatchRows, ct);
        var through = upTo;
        var full = changed.Count == BatchRows;
        if (full)
        {
            // The last transaction in the window may continue past the limit: it is taken whole in the next batch,
            // unless it alone fills the batch, then it is taken whole now.
            var lastXact = changed[^1].XactId;
            through = lastXact - 1;
            changed.RemoveAll(c => c.XactId == lastXact);
            if (changed.Count == 0)
            {
                through = lastXact;
                changed = await ReadChangedAsync(connection, tx, lastXact - 1, lastXact, int.MaxValue, ct);
            }
        }
        await WriteVectorsAsync(connection, tx, await TextsOfAsync(connection, tx, changed, ct), changed, ct);
        await using (var advance = new NpgsqlCommand("UPDATE counters SET value = @through WHERE name = 'search_xact'", connection, tx))
        {
            advance.Parameters.AddWithValue("through", through);
            await advance.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        Forget(through);
        return full;
    }

    private static async Task<List<ChangedSpan>> ReadChangedAsync(NpgsqlConnection connection, NpgsqlTransaction tx, long after, long through,
        int limit, CancellationToken ct)
    {
        await using var select = new NpgsqlCommand(
            "SELECT seq, xact_id, is_visible, project_id, log_id, id FROM spans WHERE xact_id > @after AND xact_id <= @through " +
            "ORDER BY xact_id LIMIT @limit", connection, tx);
        select.Parameters.AddWithValue("after", after);
        select.Parameters.AddWithValue("through", through);
        select.Parameters.AddWithValue("limit", (long)limit);
        var changed = new List<ChangedSpan>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            changed.Add(new ChangedSpan(reader.GetInt64(0), reader.GetInt64(1), reader.GetBoolean(2),
                (reader.GetString(3), reader.GetString(4), reader.GetString(5))));
        }
        return changed;
    }

    /// <summary>Each visible span's search text: the writer's, when it is of the span's current transaction; else rebuilt.</summary>
    private async Task<Dictionary<long, string>> TextsOfAsync(NpgsqlConnection connection, NpgsqlTransaction tx, List<ChangedSpan> changed,
        CancellationToken ct)
    {
        var texts = new Dictionary<long, string>(changed.Count);
        var missing = new List<long>();
        lock (_textsLock)
        {
            foreach (var span in changed.Where(c => c.IsVisible))
            {
                if (_texts.TryGetValue(span.Key, out var remembered) && remembered.XactId == span.XactId)
                {
                    texts[span.Seq] = remembered.Text;
                }
                else
                {
                    missing.Add(span.Seq);
                }
            }
        }
        if (missing.Count == 0)
        {
            return texts;
        }
        await using var reread = new NpgsqlCommand("SELECT seq, data::text FROM spans WHERE seq = ANY(@seqs)", connection, tx);
        reread.Parameters.Add(new NpgsqlParameter("seqs", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = missing.ToArray() });
        await using var reader = await reread.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            if (JsonNode.Parse(reader.GetString(1)) is JsonObject document)
            {
                texts[reader.GetInt64(0)] = SpanColumns.From(document).SearchText;
            }
        }
        return texts;
    }

    /// <summary>Stores the vectors of spans with text; removes those of spans that have none now (hidden, or emptied by a merge).</summary>
    private static async Task WriteVectorsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Dictionary<long, string> texts,
        List<ChangedSpan> changed, CancellationToken ct)
    {
        var withText = texts.Where(t => t.Value.Length > 0).ToArray();
        var without = changed.Select(c => c.Seq).Where(seq => !texts.TryGetValue(seq, out var text) || text.Length == 0).ToArray();
        await using var batch = new NpgsqlBatch(connection, tx);
        if (withText.Length > 0)
        {
            // A span deleted since it was read is skipped (the delete removed its vector, or it never had one).
            var upsert = new NpgsqlBatchCommand(
                "INSERT INTO span_search (seq, search) SELECT u.seq, to_tsvector('simple', u.body) FROM unnest(@seqs, @bodies) AS u(seq, body) " +
                "WHERE EXISTS (SELECT 1 FROM spans s WHERE s.seq = u.seq) " +
                "ON CONFLICT (seq) DO UPDATE SET search = excluded.search");
            upsert.Parameters.Add(new NpgsqlParameter("seqs", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = withText.Select(t => t.Key).ToArray() });
            upsert.Parameters.Add(new NpgsqlParameter("bodies", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = withText.Select(t => t.Value).ToArray() });
            batch.BatchCommands.Add(upsert);
        }
        if (without.Length > 0)
        {
            var remove = new NpgsqlBatchCommand("DELETE FROM span_search WHERE seq = ANY(@gone)");
            remove.Parameters.Add(new NpgsqlParameter("gone", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = without });
            batch.BatchCommands.Add(remove);
        }
        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>Drops remembered texts the watermark has passed (indexed, or superseded by a later write).</summary>
    private void Forget(long through)
    {
        lock (_textsLock)
        {
            foreach (var (key, value) in _texts)
            {
                if (value.XactId <= through)
                {
                    _texts.Remove(key);
                }
            }
        }
    }

    private sealed record ChangedSpan(long Seq, long XactId, bool IsVisible, (string ProjectId, string LogId, string Id) Key);
}

/// <summary>A written span's search text as of the transaction that wrote it, handed from the writer to the indexer.</summary>
internal sealed record SpanSearchText(string ProjectId, string LogId, string Id, long XactId, string Text);

using System.Threading.Channels;

namespace Braintrust.Traced.Server.Storage;

/// <summary>
/// Group commit: batches that arrive while a commit is running are applied together in the next transaction, so
/// concurrent requests share one fsync instead of queuing for one each. Each batch still succeeds or fails on its
/// own (the committer isolates them with savepoints) and its caller is answered only after the commit is durable.
/// A single consumer drains the queue; disposing finishes every batch already queued (graceful shutdown).
/// </summary>
internal sealed class GroupCommitQueue : IAsyncDisposable
{
    /// <summary>Upper bound of rows per transaction, so one commit never holds the writer for too long.</summary>
    public const int MaxRowsPerGroup = 5000;

    /// <summary>
    /// Batches allowed to wait. When the disk falls behind, further requests wait for room instead of piling parsed
    /// rows up in memory: backpressure reaches the clients and the server's memory stays bounded.
    /// </summary>
    public const int MaxQueuedBatches = 256;

    private readonly Channel<PendingWrite> _queue = Channel.CreateBounded<PendingWrite>(
        new BoundedChannelOptions(MaxQueuedBatches) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly Func<IReadOnlyList<PendingWrite>, Task> _commitGroup;
    private readonly Func<bool, Task>? _maintenance;
    private readonly TimeSpan _idleDelay;
    private readonly Task _consumer;

    /// <param name="commitGroup">Applies and commits a group; completes each batch's <see cref="PendingWrite.Completion"/>.</param>
    /// <param name="maintenance">
    /// Optional deferred work that must not run concurrently with commits (search indexing): called after every
    /// group with <c>false</c>, and with <c>true</c> once no write has arrived for <paramref name="idleDelay"/>.
    /// </param>
    public GroupCommitQueue(Func<IReadOnlyList<PendingWrite>, Task> commitGroup, Func<bool, Task>? maintenance = null, TimeSpan idleDelay = default)
    {
        _commitGroup = commitGroup;
        _maintenance = maintenance;
        _idleDelay = idleDelay;
        _consumer = Task.Run(ConsumeAsync);
    }

    public async Task<WriteOutcome> EnqueueAsync(IReadOnlyList<RowWrite> rows, CancellationToken ct, IReadOnlyList<PreparedSpan?>? preparedSpans = null)
    {
        var pending = new PendingWrite(rows, preparedSpans);
        try
        {
            await _queue.Writer.WriteAsync(pending, ct);
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException(nameof(GroupCommitQueue), "the store is shutting down");
        }
        // Once queued, a batch is never abandoned half-way: cancellation only applies while waiting for room.
        return await pending.Completion.Task;
    }

    /// <summary>
    /// Wakes the consumer without a write, so its maintenance runs again (after the group step, then once idle):
    /// e.g. after a schema upgrade queued deferred work while the store had no writes to carry it.
    /// </summary>
    public Task WakeAsync(CancellationToken ct) => EnqueueAsync([], ct);

    /// <summary>Whether a batch is waiting for the consumer (long maintenance yields to it).</summary>
    public bool HasWaitingWrites => _queue.Reader.Count > 0;

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _consumer;
    }

    private async Task ConsumeAsync()
    {
        while (await WaitForWritesAsync())
        {
            var group = new List<PendingWrite>();
            var rows = 0;
            while (rows < MaxRowsPerGroup && _queue.Reader.TryRead(out var pending))
            {
                group.Add(pending);
                rows += pending.Rows.Count;
            }
            try
            {
                if (rows == 0)
                {
                    // Only wake-ups (WakeAsync): nothing to commit.
                    group.ForEach(pending => pending.Answer(new WriteOutcome(0, []), null));
                }
                else
                {
                    await _commitGroup(group);
                }
            }
            catch (Exception e)
            {
                // The commit itself failed: nothing of the group is durable, every waiting caller learns it.
                foreach (var pending in group)
                {
                    pending.Completion.TrySetException(e);
                }
            }
            await MaintainAsync(idle: false);
        }
    }

    /// <summary>Waits for the next write; when none comes within the idle delay, runs the idle maintenance first.</summary>
    private async Task<bool> WaitForWritesAsync()
    {
        var next = _queue.Reader.WaitToReadAsync().AsTask();
        if (_maintenance is not null && !next.IsCompleted
            && await Task.WhenAny(next, Task.Delay(_idleDelay)) != next)
        {
            await MaintainAsync(idle: true);
        }
        return await next;
    }

    private async Task MaintainAsync(bool idle)
    {
        if (_maintenance is null)
        {
            return;
        }
        try
        {
            await _maintenance(idle);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Deferred work keeps its input queued in the database and is retried on the next call; a failure here
            // (e.g. a full disk) must not stop the writer, whose commits report their own errors to their callers.
            System.Diagnostics.Trace.TraceWarning($"Deferred storage maintenance failed and will be retried: {e.Message}");
        }
    }
}

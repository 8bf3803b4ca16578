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
    private readonly Task _consumer;

    /// <param name="commitGroup">Applies and commits a group; completes each batch's <see cref="PendingWrite.Completion"/>.</param>
    public GroupCommitQueue(Func<IReadOnlyList<PendingWrite>, Task> commitGroup)
    {
        _commitGroup = commitGroup;
        _consumer = Task.Run(ConsumeAsync);
    }

    public async Task<WriteOutcome> EnqueueAsync(IReadOnlyList<RowWrite> rows, CancellationToken ct)
    {
        var pending = new PendingWrite(rows);
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

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _consumer;
    }

    private async Task ConsumeAsync()
    {
        while (await _queue.Reader.WaitToReadAsync())
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
                await _commitGroup(group);
            }
            catch (Exception e)
            {
                // The commit itself failed: nothing of the group is durable, every waiting caller learns it.
                foreach (var pending in group)
                {
                    pending.Completion.TrySetException(e);
                }
            }
        }
    }
}

namespace Braintrust.Traced.Shipping;

/// <summary>
/// A bounded, lock-free FIFO queue (Dmitry Vyukov's bounded MPMC ring) that never blocks a producer: when it is full,
/// the producer removes the oldest item itself, counts it as dropped, and retries.
/// </summary>
/// <remarks>
/// <para>Every cell carries a sequence number that says whose turn it is: a producer may fill cell <c>i</c> for ticket
/// <c>t</c> when its sequence is <c>t</c>, a consumer may empty it when it is <c>t + 1</c>. Producers and consumers
/// each claim a ticket with one compare-and-swap on their own position, so no lock is taken and nothing allocates.</para>
/// <para>Tickets are handed out in order and never reused, so <see cref="EnqueuedCount"/> and
/// <see cref="DequeuedCount"/> (items that left the queue, taken or dropped) are exact running totals: the shipper
/// uses them for flush bookkeeping instead of counters of its own.</para>
/// </remarks>
internal sealed class DropOldestQueue<T>
    where T : class
{
    private readonly Cell[] _cells;
    private readonly int _capacity;

    // Producers and the consumer each hammer their own position; padding keeps them on separate cache lines.
    private PaddedLong _enqueuePosition;
    private PaddedLong _dequeuePosition;
    private long _dropped;

    public DropOldestQueue(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _capacity = capacity;
        _cells = new Cell[capacity];
        for (var i = 0; i < capacity; i++)
        {
            _cells[i].Sequence = i;
        }
    }

    /// <summary>The most items the queue holds.</summary>
    public int Capacity => _capacity;

    /// <summary>Tickets handed out so far: every item ever enqueued (including one still being written).</summary>
    public long EnqueuedCount => Volatile.Read(ref _enqueuePosition.Value);

    /// <summary>Items that have left the queue so far, taken by <see cref="TryDequeue"/> or dropped to make room.</summary>
    public long DequeuedCount => Volatile.Read(ref _dequeuePosition.Value);

    /// <summary>Items dropped to make room for newer ones.</summary>
    public long DroppedCount => Interlocked.Read(ref _dropped);

    /// <summary>How many items wait (a snapshot; producers and the consumer may move it at once).</summary>
    public int Count => (int)Math.Clamp(EnqueuedCount - DequeuedCount, 0, _capacity);

    /// <summary>Adds <paramref name="item"/>; when the queue is full, drops the oldest item first. Never blocks.</summary>
    /// <returns><see langword="true"/> when an older item was dropped to make room.</returns>
    public bool Enqueue(T item)
    {
        var dropped = false;
        var spinner = default(SpinWait);
        while (true)
        {
            var position = Volatile.Read(ref _enqueuePosition.Value);
            ref var cell = ref _cells[(int)(position % _capacity)];
            var turn = Volatile.Read(ref cell.Sequence) - position;
            if (turn == 0)
            {
                if (Interlocked.CompareExchange(ref _enqueuePosition.Value, position + 1, position) == position)
                {
                    cell.Item = item;
                    Volatile.Write(ref cell.Sequence, position + 1);
                    return dropped;
                }
            }
            else if (turn < 0)
            {
                // Full: this cell still holds the item from one lap ago. Make room by taking the oldest item.
                if (TryDequeue(out _))
                {
                    Interlocked.Increment(ref _dropped);
                    dropped = true;
                }
                else
                {
                    // The oldest item is being taken right now by someone else; its cell frees up in a moment.
                    spinner.SpinOnce(sleep1Threshold: -1);
                }
            }

            // turn > 0: another producer took this ticket first; read the position again.
        }
    }

    /// <summary>Takes the oldest item, or returns <see langword="false"/> when none is ready.</summary>
    /// <remarks>
    /// "Not ready" includes an item whose producer has claimed its ticket but not finished writing it: the caller sees
    /// <see cref="DequeuedCount"/> below <see cref="EnqueuedCount"/> and may try again.
    /// </remarks>
    public bool TryDequeue(out T? item)
    {
        while (true)
        {
            var position = Volatile.Read(ref _dequeuePosition.Value);
            ref var cell = ref _cells[(int)(position % _capacity)];
            var turn = Volatile.Read(ref cell.Sequence) - (position + 1);
            if (turn == 0)
            {
                if (Interlocked.CompareExchange(ref _dequeuePosition.Value, position + 1, position) == position)
                {
                    item = cell.Item;
                    cell.Item = null;
                    Volatile.Write(ref cell.Sequence, position + _capacity);
                    return true;
                }
            }
            else if (turn < 0)
            {
                item = null;
                return false;
            }

            // turn > 0: another consumer (a producer dropping) took this ticket first; read the position again.
        }
    }

    private struct Cell
    {
        public long Sequence;
        public T? Item;
    }
}

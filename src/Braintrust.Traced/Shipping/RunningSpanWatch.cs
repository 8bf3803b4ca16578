namespace Braintrust.Traced.Shipping;

/// <summary>
/// The open spans the worker waits on: new ones until their early row falls due (<see cref="RunningSpanRow"/>), and,
/// with a heartbeat, those already shipped early until their next heartbeat falls due (<see cref="RunningSpanHeartbeatRow"/>).
/// Only the worker touches it. Bounded: spans that ended are pruned when it fills, and a span arriving while it is still
/// full of open spans ships only at its end, as every span did before, so a burst of spans never holds memory without limit.
/// </summary>
/// <remarks>
/// Two FIFO queues, each in due order without sorting: new spans are due <c>delay</c> after they start (they arrive in
/// start order), heartbeats <c>heartbeat</c> after the previous one was taken (taken in time order). One queue for both
/// would hold a new span's early row behind a heartbeat due a minute later. A span that ended leaves when it reaches
/// the head of its queue, so no span needs a timer or a removal of its own.
/// </remarks>
internal sealed class RunningSpanWatch(TimeSpan delay, TimeSpan? heartbeat)
{
    /// <summary>The most spans waited on at once (new and heartbeating together).</summary>
    public const int Capacity = 4096;

    private readonly long _heartbeatSlackTicks = (heartbeat?.Ticks ?? 0) / 8;
    private Queue<Span> _starting = new();
    private Queue<Heartbeat> _beating = new();

    /// <summary>Spans waited on, including ended ones not yet pruned.</summary>
    public int Count => _starting.Count + _beating.Count;

    public void Watch(Span span)
    {
        if (span.IsEndingOrEnded || !HasRoom())
        {
            return;
        }

        _starting.Enqueue(span);
    }

    /// <summary>
    /// After its early row or a heartbeat was shipped at <paramref name="nowTicks"/>: waits on the span again until its
    /// next heartbeat falls due (nothing without a heartbeat, or once it ended).
    /// </summary>
    public void WatchForHeartbeat(Span span, long nowTicks)
    {
        if (heartbeat is not { } interval || span.IsEndingOrEnded || !HasRoom())
        {
            return;
        }

        _beating.Enqueue(new Heartbeat(new WeakReference<Span>(span), DueAt(nowTicks, interval)));
    }

    /// <summary>When the next open span's row falls due (UTC ticks), or null when no open span is waited on.</summary>
    public long? NextDueTicks()
    {
        var starting = NextStartingDue();
        var beating = NextHeartbeatDue();
        return starting is null ? beating : beating is null ? starting : Math.Min(starting.Value, beating.Value);
    }

    /// <summary>
    /// Removes and returns the next span whose row is due at <paramref name="nowTicks"/>, if any, early rows first (they
    /// show a span; a heartbeat only keeps it shown). <paramref name="isHeartbeat"/> tells which of the two is due.
    /// A heartbeat due within the next eighth of its interval counts as due: it rides in the batch being built rather
    /// than costing a request of its own a moment later (spans that started apart would otherwise each send one).
    /// </summary>
    public bool TryTakeDue(long nowTicks, out Span? span, out bool isHeartbeat)
    {
        if (NextStartingDue() is { } startDue && startDue <= nowTicks)
        {
            span = _starting.Dequeue();
            isHeartbeat = false;
            return true;
        }

        while (NextHeartbeatDue() is { } beatDue && beatDue - _heartbeatSlackTicks <= nowTicks)
        {
            // Checked again on the way out: the collector may have taken the span since NextHeartbeatDue saw it.
            if (_beating.Dequeue().OpenSpan is { } open)
            {
                span = open;
                isHeartbeat = true;
                return true;
            }
        }

        span = null;
        isHeartbeat = false;
        return false;
    }

    /// <summary>A due time that saturates instead of wrapping round for a huge setting (it would fall due at once).</summary>
    private static long DueAt(long fromTicks, TimeSpan after)
        => after.Ticks > long.MaxValue - fromTicks ? long.MaxValue : fromTicks + after.Ticks;

    private long? NextStartingDue()
    {
        while (_starting.TryPeek(out var head))
        {
            if (!head.IsEndingOrEnded)
            {
                return DueAt(head.StartTicks, delay);
            }

            _starting.Dequeue();
        }

        return null;
    }

    private long? NextHeartbeatDue()
    {
        while (_beating.TryPeek(out var head))
        {
            if (head.OpenSpan is not null)
            {
                return head.DueTicks;
            }

            _beating.Dequeue();
        }

        return null;
    }

    private bool HasRoom()
    {
        if (Count < Capacity)
        {
            return true;
        }

        PruneEnded();
        return Count < Capacity;
    }

    private void PruneEnded()
    {
        var starting = new Queue<Span>(_starting.Count);
        foreach (var span in _starting)
        {
            if (!span.IsEndingOrEnded)
            {
                starting.Enqueue(span);
            }
        }

        var beating = new Queue<Heartbeat>(_beating.Count);
        foreach (var entry in _beating)
        {
            if (entry.OpenSpan is not null)
            {
                beating.Enqueue(entry);
            }
        }

        _starting = starting;
        _beating = beating;
    }

    /// <summary>
    /// A span shipped early, and when its next heartbeat falls due (UTC ticks). A struct: the queue's array holds it.
    /// The span is held weakly: one that ended right after a beat would otherwise stay in memory, input and output
    /// included, for a whole interval (a minute by default) until it reached the head of the queue; and one that its
    /// code dropped without ending it is no longer running, so it should get no more heartbeats either.
    /// </summary>
    private readonly record struct Heartbeat(WeakReference<Span> Span, long DueTicks)
    {
        /// <summary>The span while it is open; null once it ended or was collected.</summary>
        public Span? OpenSpan => Span.TryGetTarget(out var span) && !span.IsEndingOrEnded ? span : null;
    }
}

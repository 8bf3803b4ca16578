namespace Braintrust.Traced.Shipping;

/// <summary>
/// The open spans the worker waits on to ship their early rows (<see cref="RunningSpanRow"/>), oldest first. Only the
/// worker touches it. Bounded: spans that ended are pruned when it fills, and a span arriving while it is still full of
/// open spans ships only at its end, as every span did before, so a burst of spans never holds memory without limit.
/// </summary>
internal sealed class RunningSpanWatch(TimeSpan delay)
{
    /// <summary>The most spans waited on at once.</summary>
    public const int Capacity = 4096;

    private Queue<Span> _waiting = new();

    public void Watch(Span span)
    {
        if (span.IsEnded)
        {
            return;
        }

        if (_waiting.Count >= Capacity)
        {
            PruneEnded();
            if (_waiting.Count >= Capacity)
            {
                return;
            }
        }

        _waiting.Enqueue(span);
    }

    /// <summary>When the oldest open span's row falls due (UTC ticks), or null when no open span is waited on.</summary>
    public long? NextDueTicks()
    {
        while (_waiting.TryPeek(out var head))
        {
            if (!head.IsEnded)
            {
                return head.StartTicks + delay.Ticks;
            }

            _waiting.Dequeue();
        }

        return null;
    }

    /// <summary>Removes and returns the next span whose row is due at <paramref name="nowTicks"/>, if any.</summary>
    public bool TryTakeDue(long nowTicks, out Span? span)
    {
        if (NextDueTicks() is { } due && due <= nowTicks)
        {
            span = _waiting.Dequeue();
            return true;
        }

        span = null;
        return false;
    }

    private void PruneEnded()
    {
        var open = new Queue<Span>(_waiting.Count);
        foreach (var span in _waiting)
        {
            if (!span.IsEnded)
            {
                open.Enqueue(span);
            }
        }

        _waiting = open;
    }
}

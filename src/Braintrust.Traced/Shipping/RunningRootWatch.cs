namespace Braintrust.Traced.Shipping;

/// <summary>
/// The roots the worker waits on to ship their early rows (<see cref="RunningRootRow"/>), oldest first. Only the
/// worker touches it. Bounded: roots that ended are pruned when it fills, and a root arriving while it is still full
/// of open roots ships only at its end, as every span did before, so a burst of roots never holds memory without limit.
/// </summary>
internal sealed class RunningRootWatch(TimeSpan delay)
{
    /// <summary>The most roots waited on at once.</summary>
    public const int Capacity = 4096;

    private Queue<RunningRootRow> _waiting = new();

    public int Count => _waiting.Count;

    public void Watch(RunningRootRow row)
    {
        if (row.Span.IsEnded)
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

        row.ScheduleAfter(delay);
        _waiting.Enqueue(row);
    }

    /// <summary>When the oldest open root's row falls due (UTC ticks), or null when no open root is waited on.</summary>
    public long? NextDueTicks()
    {
        while (_waiting.TryPeek(out var head))
        {
            if (!head.Span.IsEnded)
            {
                return head.DueTicks;
            }

            _waiting.Dequeue();
        }

        return null;
    }

    /// <summary>Removes and returns the next row that is due at <paramref name="nowTicks"/>, if any.</summary>
    public bool TryTakeDue(long nowTicks, out RunningRootRow? row)
    {
        if (NextDueTicks() is { } due && due <= nowTicks)
        {
            row = _waiting.Dequeue();
            return true;
        }

        row = null;
        return false;
    }

    private void PruneEnded()
    {
        var open = new Queue<RunningRootRow>(_waiting.Count);
        foreach (var row in _waiting)
        {
            if (!row.Span.IsEnded)
            {
                open.Enqueue(row);
            }
        }

        _waiting = open;
    }
}

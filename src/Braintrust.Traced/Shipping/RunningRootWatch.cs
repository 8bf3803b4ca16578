namespace Braintrust.Traced.Shipping;

/// <summary>
/// The root spans the worker waits on to ship their early rows (<see cref="RunningRootRow"/>), oldest first. Only the
/// worker touches it. Bounded: roots that ended are pruned when it fills, and a root arriving while it is still full
/// of open roots ships only at its end, as every span did before, so a burst of roots never holds memory without limit.
/// </summary>
internal sealed class RunningRootWatch(TimeSpan delay)
{
    /// <summary>The most roots waited on at once.</summary>
    public const int Capacity = 4096;

    private Queue<Span> _waiting = new();

    public void Watch(Span root)
    {
        if (root.IsEnded)
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

        _waiting.Enqueue(root);
    }

    /// <summary>When the oldest open root's row falls due (UTC ticks), or null when no open root is waited on.</summary>
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

    /// <summary>Removes and returns the next root whose row is due at <paramref name="nowTicks"/>, if any.</summary>
    public bool TryTakeDue(long nowTicks, out Span? root)
    {
        if (NextDueTicks() is { } due && due <= nowTicks)
        {
            root = _waiting.Dequeue();
            return true;
        }

        root = null;
        return false;
    }

    private void PruneEnded()
    {
        var open = new Queue<Span>(_waiting.Count);
        foreach (var root in _waiting)
        {
            if (!root.IsEnded)
            {
                open.Enqueue(root);
            }
        }

        _waiting = open;
    }
}

namespace Braintrust.Traced.OpenAI;

/// <summary>
/// Parses the bytes of a response stream without making the reader wait for it. The reader hands over what each read
/// returned, which is copied into a pooled backlog (tens of nanoseconds per chunk); a pool thread parses the backlog
/// alongside the reader once 16 KB have gathered (one wake-up per batch of about 80 chunks, not per read).
/// <see cref="Close"/> parses what is left, so the assembled answer is whole when it returns; the llm span calls it on
/// the shipper's worker (see <see cref="EndedStream"/>), not the reader.
/// </summary>
/// <remarks>
/// One reader at a time (reads of a stream never overlap), any thread. Two locks: <c>_gate</c> guards the backlog and the
/// flags and is held only to append or swap buffers; <c>_parsing</c> is held by whoever feeds the feeder, so events are
/// parsed one at a time and in order.
/// </remarks>
internal sealed class DeferredEventParser : IThreadPoolWorkItem
{
    /// <summary>
    /// A backlog this large is handed to a pool thread: about 80 chunks, so that a long stream wakes a pool thread once
    /// per 80 chunks, not per 20 (each wake-up is a thread switch and a pool thread spinning on the shared cores), while
    /// the bytes held for a stream stay a few pooled kilobytes.
    /// </summary>
    internal const int BatchSize = 16 * 1024;

    /// <summary>
    /// A backlog this large that no pool thread has started on (a starved pool) is parsed by the reader itself, so the
    /// memory held stays bounded whatever the pool does.
    /// </summary>
    internal const int BacklogLimit = 256 * 1024;

    private readonly SseDataFeeder _feeder;
    private readonly Lock _gate = new();
    private readonly Lock _parsing = new();
    private PooledByteBuffer _backlog = new();
    private PooledByteBuffer _taken = new();
    private bool _scheduled;
    private bool _closeRequested;
    private bool _closeStreamEnded;
    private bool _closed;
    private bool _broken;

    private enum Next
    {
        Nothing,
        Schedule,
        HelpWithBacklog,
    }

    public DeferredEventParser(StreamAssembler assembler)
    {
        Assembler = assembler;
        _feeder = new SseDataFeeder(assembler);
    }

    /// <summary>What the events are fed to.</summary>
    public StreamAssembler Assembler { get; }

    /// <summary>
    /// Parses <paramref name="bytes"/> up to the end of the first event with data (everything handed over earlier is
    /// parsed by then too), hands the rest over like <see cref="Accept"/>, and says whether that event has arrived: used
    /// until the first event, to time it exactly without parsing the burst that may come with it.
    /// </summary>
    public bool ParseNow(ReadOnlySpan<byte> bytes)
    {
        int parsed;
        lock (_parsing)
        {
            if (_closed)
            {
                return false;
            }

            TakeBacklog(clearScheduled: false);
            parsed = FeedUntilFirstEvent(bytes);
        }

        if (parsed < bytes.Length)
        {
            Accept(bytes[parsed..]);
        }

        return _feeder.EventCount > 0;
    }

    /// <summary>Takes the bytes of one read; they are parsed now or soon, always after the ones handed over before.</summary>
    public void Accept(ReadOnlySpan<byte> bytes)
    {
        var next = Next.Nothing;
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            // Even one small read (a real model's chunk) is only copied: parsing it here, about half a microsecond,
            // would be the chunk's wait; the batch's pool thread or Close parses it instead.
            _backlog.Append(bytes);
            if (!_scheduled && _backlog.Length >= BatchSize)
            {
                _scheduled = true;
                next = Next.Schedule;
            }
            else if (_scheduled && _backlog.Length >= BacklogLimit)
            {
                next = Next.HelpWithBacklog;
            }
        }

        switch (next)
        {
            case Next.Schedule:
                // Not the reader's execution context: nothing the caller set (the current span) flows into the parser.
                ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
                break;
            case Next.HelpWithBacklog when _parsing.TryEnter():
                // Queued but not started (a busy pool): parse here. A pool thread already on it would have the lock.
                try
                {
                    TakeBacklog(clearScheduled: false);
                }
                finally
                {
                    _parsing.Exit();
                }

                break;
        }
    }

    /// <summary>
    /// Parses whatever is still pending and stops taking bytes. <paramref name="streamEnded"/>: the stream reached its end,
    /// so a last event without its closing blank line still counts; otherwise (disposed half way, failed) it does not.
    /// </summary>
    public void Close(bool streamEnded)
    {
        lock (_parsing)
        {
            lock (_gate)
            {
                if (_closed)
                {
                    return;
                }

                _closed = true;
                (_backlog, _taken) = (_taken, _backlog);
            }

            Feed(_taken.Written, thenComplete: streamEnded);
            _taken.Release();
            _backlog.Release();
            _feeder.Release();
        }
    }

    /// <summary>
    /// <see cref="Close"/> on a pool thread: the reader that ended the stream does not wait for the rest of the parse,
    /// and the pooled buffers go back to the pool as soon as it is done, not when the span's row is written (which may
    /// be a batch window later: thousands of streams' buffers held that long would empty the pool). Whoever needs the
    /// assembled answer calls <see cref="Close"/> itself, which waits for this one if it is under way.
    /// </summary>
    public void CloseSoon(bool streamEnded)
    {
        lock (_gate)
        {
            if (_closed || _closeRequested)
            {
                return;
            }

            _closeRequested = true;
            _closeStreamEnded = streamEnded;
            if (_scheduled)
            {
                // A pool thread is on the backlog already: it closes once it has none left, no second wake-up needed.
                return;
            }

            _scheduled = true;
        }

        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    /// <summary>Runs on a pool thread: parses the backlog until it is empty, then closes if the stream is over.</summary>
    void IThreadPoolWorkItem.Execute()
    {
        lock (_parsing)
        {
            if (TakeBacklog(clearScheduled: true))
            {
                // _parsing is re-entrant: Close takes it again and parses the last bytes in order.
                Close(_closeStreamEnded);
            }
        }
    }

    /// <summary>
    /// With <c>_parsing</c> held: parses the backlog, batch by batch, until none is left. Returns whether a close was
    /// asked for (<see cref="CloseSoon"/>), read under the same lock that cleared <c>_scheduled</c>, so that a close asked
    /// for after that queues its own work item and one asked for before is never missed.
    /// </summary>
    private bool TakeBacklog(bool clearScheduled)
    {
        while (true)
        {
            lock (_gate)
            {
                if (_closed || _backlog.Length == 0)
                {
                    if (clearScheduled)
                    {
                        _scheduled = false;
                    }

                    return _closeRequested;
                }

                (_backlog, _taken) = (_taken, _backlog);
            }

            Feed(_taken.Written);
            _taken.Clear();
        }
    }

    /// <summary>With <c>_parsing</c> held: feeds line by line until an event with data is complete; returns the bytes fed.</summary>
    private int FeedUntilFirstEvent(ReadOnlySpan<byte> bytes)
    {
        var fed = 0;
        while (fed < bytes.Length && _feeder.EventCount == 0 && !_broken)
        {
            // Any cut is safe: the feeder carries a partial line (or a \r waiting for its \n) over to the next piece.
            var lineEnd = bytes[fed..].IndexOfAny((byte)'\n', (byte)'\r');
            var piece = lineEnd < 0 ? bytes.Length - fed : lineEnd + 1;
            Feed(bytes.Slice(fed, piece));
            fed += piece;
        }

        return fed;
    }

    private void Feed(ReadOnlySpan<byte> bytes, bool thenComplete = false)
    {
        if (_broken)
        {
            return;
        }

        try
        {
            if (!bytes.IsEmpty)
            {
                _feeder.Feed(bytes);
            }

            if (thenComplete)
            {
                _feeder.Complete();
            }
        }
        catch (Exception)
        {
            // The feeder already skips events that are not JSON; anything else is a bug in tracing, and tracing must
            // never break (or, on a pool thread, crash) the caller's program: stop assembling, keep what arrived.
            _broken = true;
        }
    }
}

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
    /// Says the reader is done, without making it wait for the rest of the parse. A pool thread already parsing a batch
    /// (a long stream) closes once it has no backlog left, so its pooled buffers go back soon; otherwise (a short stream,
    /// under <see cref="BatchSize"/> unparsed) no thread is woken and <see cref="Close"/>, called by whoever needs the
    /// assembled answer (the span's worker), parses the rest; it waits for a pool thread that is under way.
    /// </summary>
    /// <remarks>
    /// A short stream's pooled buffers (under 16 KB) are held until its row is written, up to a batch window; with many
    /// streams at once the shared pool then hands out fresh arrays, which costs allocations, never correctness.
    /// </remarks>
    public void CloseSoon(bool streamEnded)
    {
        lock (_gate)
        {
            if (_closed || _closeRequested)
            {
                return;
            }

            if (!_scheduled)
            {
                // No pool thread is on the backlog: leave it to Close, on the span's worker. Waking a pool thread just
                // for this cost the reader's thread about 6 µs a stream and the pool thread's parse competed with the
                // caller for the cores, the main part of a short stream's overhead. The backlog is under BatchSize.
                return;
            }

            // A pool thread is on the backlog already: it closes once it has none left, no second wake-up needed.
            _closeRequested = true;
            _closeStreamEnded = streamEnded;
        }
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
    /// for after that is left to <see cref="Close"/> and one asked for before is never missed.
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

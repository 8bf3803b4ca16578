using System.Runtime.CompilerServices;
using Braintrust.Traced.Serialization;
using Microsoft.Extensions.Logging;

namespace Braintrust.Traced.Shipping;

/// <summary>
/// The background half of a logger: a lock-free bounded queue that callers add to without waiting, drained by one
/// worker that writes rows straight to UTF-8, batches them (by count, bytes and time) and delivers them with retries.
/// </summary>
/// <remarks>
/// <para>The caller's cost is one slot in <see cref="DropOldestQueue{T}"/> and one read of the worker's state. The
/// worker is woken only when it sleeps and there is a reason: the first row after idling, a full batch, or a flush;
/// otherwise its batch window's timer wakes it.</para>
/// <para>Flush bookkeeping uses the queue's ticket counters: a flush covers every ticket handed out before it, and
/// completes once the worker has <em>settled</em> past it, i.e. every row with an earlier ticket was delivered, given
/// up or dropped.</para>
/// </remarks>
internal sealed class SpanShipper : IAsyncDisposable
{
    private const int Running = 0;
    private const int WaitingForBatch = 1;
    private const int Idle = 2;

    private static readonly TimeSpan s_maxHonouredRetryAfter = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan s_dropWarningInterval = TimeSpan.FromSeconds(10);

    private readonly BraintrustOptions _options;
    private readonly ISpanExporter _exporter;
    private readonly ILogger _log;
    private readonly DropOldestQueue<IPendingRow> _queue;
    private readonly RowBatchWriter _batch;
    private readonly RunningSpanWatch? _runningSpans;

    // New spans reach the worker here, not through _queue: they must never take a row's place in it (when it is full
    // the oldest entry goes) and a flush does not wait for them. Losing one when full only costs that span its early row.
    private readonly DropOldestQueue<Span>? _newSpans;
    private readonly SemaphoreSlim _signal = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _waitersLock = new();
    private readonly List<FlushWaiter> _waiters = [];
    private readonly Task _worker;
    private int _workerState;
    private int _sleepsPastNewSpansDue;
    private int _closed;
    private long _settled;
    private long _flushTarget;
    private long _droppedAfterClose;
    private long _droppedReported;
    private long _lastDropWarningTicks;
    private long _givenUp;

    public SpanShipper(BraintrustOptions options, ISpanExporter exporter, ValueSerializer serializer, ILogger log)
    {
        _options = options;
        _exporter = exporter;
        _log = log;
        _queue = new DropOldestQueue<IPendingRow>(options.QueueCapacity);
        _batch = new RowBatchWriter(new RowWriter(serializer, options.ProjectId));
        if (options.ShowRunningTracesAfter is { } after)
        {
            _runningSpans = new RunningSpanWatch(after, options.RunningSpanHeartbeat);
            _newSpans = new DropOldestQueue<Span>(RunningSpanWatch.Capacity);
        }
        _worker = Task.Run(RunAsync);
    }

    /// <summary>Rows dropped because the queue was full (or the logger was already disposed).</summary>
    public long DroppedRowCount => _queue.DroppedCount + Interlocked.Read(ref _droppedAfterClose);

    /// <summary>Rows given up after their retries ran out, the backend rejected them, or they could not be written.</summary>
    public long FailedRowCount => Interlocked.Read(ref _givenUp);

    /// <summary>Queues a row. Never blocks or throws: when the queue is full the oldest row makes room.</summary>
    public void Enqueue(IPendingRow row)
    {
        if (Volatile.Read(ref _closed) != 0)
        {
            // The logger was disposed: the row can no longer be shipped.
            Interlocked.Increment(ref _droppedAfterClose);
            return;
        }

        _queue.Enqueue(row);
        if (Volatile.Read(ref _workerState) != Running)
        {
            WakeIfWaiting();
        }
    }

    /// <summary>Hands a span that just started to the worker, which ships its early row if it runs long enough.</summary>
    public void WatchRunningSpan(Span span)
    {
        if (_newSpans is null || Volatile.Read(ref _closed) != 0)
        {
            return;
        }

        _newSpans.Enqueue(span);
        if (Volatile.Read(ref _sleepsPastNewSpansDue) != 0)
        {
            // Only a worker asleep for longer than ShowRunningTracesAfter (without a timeout, or until a heartbeat)
            // must be woken to learn of the span; one that wakes sooner takes the new ones then, before theirs fall due.
            Wake();
        }
    }

    /// <summary>Completes once every row queued before the call is delivered, given up or dropped.</summary>
    public Task FlushAsync(CancellationToken cancellationToken)
    {
        var target = _queue.EnqueuedCount;
        if (Volatile.Read(ref _settled) >= target || _worker.IsCompleted)
        {
            return Task.CompletedTask;
        }

        var waiter = new FlushWaiter(target);
        lock (_waitersLock)
        {
            _waiters.Add(waiter);
        }

        RaiseFlushTarget(target);
        Wake();
        ReleaseWaiters();
        return waiter.Completion.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Delivers what is queued (waiting at most <paramref name="timeout"/>), then stops the worker.</summary>
    public async Task ShutdownAsync(TimeSpan timeout)
    {
        try
        {
            await FlushAsync(CancellationToken.None).WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _log.LogWarning("Braintrust: stopped with rows still undelivered after waiting {Timeout}.", timeout);
        }

        Volatile.Write(ref _closed, 1);
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _worker.WaitAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The worker is stuck in an exporter that ignores cancellation; it holds nothing the caller needs.
        }

        ReleaseAllWaiters();
    }

    public ValueTask DisposeAsync() => new(ShutdownAsync(_options.ShutdownTimeout));

    private bool FlushPending => Interlocked.Read(ref _flushTarget) > Volatile.Read(ref _settled);

    /// <summary>The caller's slow path, taken only while the worker sleeps: wake it if this row gives it a reason.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WakeIfWaiting()
    {
        var state = Volatile.Read(ref _workerState);
        var reason = state == Idle || (state == WaitingForBatch && _queue.Count >= _options.BatchSize);
        if (reason && Interlocked.CompareExchange(ref _workerState, Running, state) == state)
        {
            _signal.Release();
        }
    }

    private void Wake()
    {
        if (Interlocked.Exchange(ref _workerState, Running) != Running)
        {
            _signal.Release();
        }
    }

    private void RaiseFlushTarget(long target)
    {
        var current = Interlocked.Read(ref _flushTarget);
        while (current < target)
        {
            var seen = Interlocked.CompareExchange(ref _flushTarget, target, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    private async Task RunAsync()
    {
        var stop = _stopping.Token;
        long windowStart = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (ShouldShip(ref windowStart))
                {
                    await ShipBatchAsync(stop).ConfigureAwait(false);
                    windowStart = 0;
                }
                else
                {
                    await SleepAsync(windowStart, stop).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                // The worker must outlive any bug in row writing or exporting, or every later span would be lost silently.
                _log.LogError(exception, "Braintrust: unexpected failure in the span shipper.");
            }
        }

        ReleaseAllWaiters();
    }

    /// <summary>
    /// Ship when a flush waits, a batch is full, or the oldest waiting row has waited <see cref="BraintrustOptions.FlushInterval"/>
    /// (the window opens when the worker first sees a row, as the official SDKs' flush interval does).
    /// </summary>
    private bool ShouldShip(ref long windowStart)
    {
        WatchNewSpans();
        if (FlushPending || RunningRowDue())
        {
            return true;
        }

        var count = _queue.Count;
        if (count >= _options.BatchSize)
        {
            return true;
        }

        if (count == 0)
        {
            windowStart = 0;
            return false;
        }

        var now = Environment.TickCount64;
        if (windowStart == 0)
        {
            windowStart = now;
        }

        return now - windowStart >= _options.FlushInterval.TotalMilliseconds;
    }

    private async Task SleepAsync(long windowStart, CancellationToken stop)
    {
        var state = windowStart == 0 ? Idle : WaitingForBatch;
        var timeout = state == Idle
            ? Timeout.Infinite
            : (int)Math.Clamp(windowStart + (long)_options.FlushInterval.TotalMilliseconds - Environment.TickCount64, 0, int.MaxValue);
        if (_runningSpans?.NextDueTicks() is { } due)
        {
            // Wake when the next running span's early row or heartbeat falls due, even with nothing else to ship.
            var untilDue = (int)Math.Clamp((due - DateTime.UtcNow.Ticks + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond, 0, int.MaxValue);
            timeout = timeout == Timeout.Infinite ? untilDue : Math.Min(timeout, untilDue);
        }

        // A span that starts during a sleep longer than ShowRunningTracesAfter falls due before the worker wakes: its
        // caller must wake it. A heartbeat due a minute away makes such a sleep even while spans are waited on.
        var sleepsPastNewSpansDue = _runningSpans is not null
            && (timeout == Timeout.Infinite || timeout > _options.ShowRunningTracesAfter!.Value.TotalMilliseconds);

        // Published before the checks below, each with a full fence: a caller that adds a span or row after the check
        // sees the flag or state and wakes the worker (see WatchRunningSpan and Enqueue).
        Interlocked.Exchange(ref _sleepsPastNewSpansDue, sleepsPastNewSpansDue ? 1 : 0);
        Interlocked.Exchange(ref _workerState, state);

        // A row, flush or new span may have arrived between ShouldShip and publishing the state, from a caller that saw Running.
        var count = _queue.Count;
        if (FlushPending || count >= _options.BatchSize || (state == Idle && count > 0) || (sleepsPastNewSpansDue && _newSpans?.Count > 0))
        {
            Volatile.Write(ref _sleepsPastNewSpansDue, 0);
            Volatile.Write(ref _workerState, Running);
            return;
        }

        await _signal.WaitAsync(timeout, stop).ConfigureAwait(false);
        Volatile.Write(ref _sleepsPastNewSpansDue, 0);
        Volatile.Write(ref _workerState, Running);
    }

    private async Task ShipBatchAsync(CancellationToken stop)
    {
        _batch.Clear();
        AddDueRunningRows();
        while (_batch.Count < _options.BatchSize && _batch.ByteCount < _options.MaxBatchBytes && _queue.TryDequeue(out var row))
        {
            try
            {
                _batch.Add(row!);
            }
            catch (Exception exception)
            {
                Interlocked.Increment(ref _givenUp);
                _log.LogError(exception, "Braintrust: could not write a row; it is skipped.");
            }
        }

        // Every ticket below this left the queue: it is in this batch, an earlier one, or was dropped.
        var settledUpTo = _queue.DequeuedCount;
        if (_batch.Count > 0)
        {
            await DeliverAsync(_batch.ToBatch(), stop).ConfigureAwait(false);
        }
        else if (settledUpTo < Interlocked.Read(ref _flushTarget) && settledUpTo < _queue.EnqueuedCount)
        {
            // A caller holds the next ticket but has not finished writing its row: give it a moment.
            await Task.Delay(1, stop).ConfigureAwait(false);
        }

        Volatile.Write(ref _settled, settledUpTo);
        ReportDrops();
        ReleaseWaiters();
    }

    /// <summary>Moves the spans started since the last look into the watch (which drops those already ended).</summary>
    private void WatchNewSpans()
    {
        while (_newSpans is not null && _newSpans.TryDequeue(out var span))
        {
            _runningSpans!.Watch(span!);
        }
    }

    private bool RunningRowDue() => _runningSpans?.NextDueTicks() is { } due && due <= DateTime.UtcNow.Ticks;

    /// <summary>
    /// Puts the early rows of spans still running after <see cref="BraintrustOptions.ShowRunningTracesAfter"/>, and the
    /// heartbeats of those still running since (<see cref="BraintrustOptions.RunningSpanHeartbeat"/>), first in the
    /// batch: a span's full row is queued only when it ends, so it always travels after its early row.
    /// </summary>
    private void AddDueRunningRows()
    {
        if (_runningSpans is null)
        {
            return;
        }

        var now = DateTime.UtcNow.Ticks;
        while (_batch.Count < _options.BatchSize && _runningSpans.TryTakeDue(now, out var span, out var isHeartbeat))
        {
            if (isHeartbeat ? AddHeartbeatRow(span!) : AddEarlyRow(span!))
            {
                _runningSpans.WatchForHeartbeat(span!, now);
            }
        }
    }

    /// <summary>Adds the span's early row unless it ended meanwhile; false when there is nothing to keep alive.</summary>
    private bool AddEarlyRow(Span span)
    {
        if (RunningSpanRow.TryTake(span) is not { } running)
        {
            return false;
        }

        try
        {
            _batch.Add(running);
            return true;
        }
        catch (Exception exception)
        {
            // The span still ships at its end (as a merge row, which creates it as well). No heartbeats: alone they
            // would create a row with ids only, which the UI could not name.
            _log.LogError(exception, "Braintrust: could not write the early row of a running span; it ships when it ends.");
            return false;
        }
    }

    /// <summary>Adds the span's heartbeat; false if it could not be written (the span then gets no more).</summary>
    private bool AddHeartbeatRow(Span span)
    {
        try
        {
            // The span may end while this is written: harmless, the row carries no field its full row could lose.
            _batch.Add(new RunningSpanHeartbeatRow(span));
            return true;
        }
        catch (Exception exception)
        {
            _log.LogError(exception, "Braintrust: could not write the heartbeat of a running span; it gets no more heartbeats.");
            return false;
        }
    }

    private async Task DeliverAsync(SpanRowBatch rows, CancellationToken stop)
    {
        for (var attempt = 0; ; attempt++)
        {
            SpanExportException failure;
            try
            {
                await _exporter.ExportAsync(rows, stop).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                throw;
            }
            catch (SpanExportException exception)
            {
                failure = exception;
            }
            catch (Exception exception) when (exception is HttpRequestException or IOException or TimeoutException)
            {
                failure = new SpanExportException(exception.Message, isTransient: true, innerException: exception);
            }
            catch (Exception exception)
            {
                failure = new SpanExportException($"{exception.GetType().Name}: {exception.Message}", isTransient: false, innerException: exception);
            }

            if (!failure.IsTransient || attempt >= _options.MaxRetries)
            {
                GiveUp(rows.Count, failure, attempt + 1);
                return;
            }

            var delay = RetryDelay(attempt, failure.RetryAfter);
            BraintrustEventSource.Log.RetryScheduled(failure.Message, (long)delay.TotalMilliseconds);
            _log.LogDebug("Braintrust: delivery failed ({Reason}); retry {Attempt} in {Delay}.", failure.Message, attempt + 1, delay);
            ReportDrops();
            await Task.Delay(delay, stop).ConfigureAwait(false);
        }
    }

    private TimeSpan RetryDelay(int attempt, TimeSpan? retryAfter)
    {
        if (retryAfter is { } asked && asked > TimeSpan.Zero)
        {
            return asked < s_maxHonouredRetryAfter ? asked : s_maxHonouredRetryAfter;
        }

        // Exponential backoff with "equal jitter": half the delay is fixed, half random, so many clients do not retry in step.
        var exponential = _options.InitialRetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30));
        var capped = Math.Min(exponential, _options.MaxRetryDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds((capped / 2) + (Random.Shared.NextDouble() * capped / 2));
    }

    private void GiveUp(int rowCount, SpanExportException failure, int attempts)
    {
        Interlocked.Add(ref _givenUp, rowCount);
        BraintrustEventSource.Log.RowsGivenUp(rowCount, failure.Message);
        _log.LogWarning("Braintrust: gave up delivering {RowCount} rows after {Attempts} attempt(s): {Reason}", rowCount, attempts, failure.Message);
    }

    private void ReportDrops()
    {
        var dropped = DroppedRowCount;
        if (dropped == _droppedReported)
        {
            return;
        }

        var now = Environment.TickCount64;
        if (_droppedReported != 0 && now - _lastDropWarningTicks < s_dropWarningInterval.TotalMilliseconds)
        {
            return;
        }

        _droppedReported = dropped;
        _lastDropWarningTicks = now;
        BraintrustEventSource.Log.RowsDropped(dropped);
        _log.LogWarning(
            "Braintrust: the span queue (capacity {Capacity}) was full; {Dropped} rows dropped so far, oldest first. Raise BraintrustOptions.QueueCapacity or check the backend.",
            _options.QueueCapacity,
            dropped);
    }

    private void ReleaseWaiters()
    {
        var settled = Volatile.Read(ref _settled);
        lock (_waitersLock)
        {
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Target <= settled)
                {
                    _waiters[i].Completion.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    private void ReleaseAllWaiters()
    {
        lock (_waitersLock)
        {
            foreach (var waiter in _waiters)
            {
                waiter.Completion.TrySetResult();
            }

            _waiters.Clear();
        }
    }
}

using System.Text.Json.Nodes;
using System.Threading.Channels;
using Braintrust.Traced.Serialization;
using Microsoft.Extensions.Logging;

namespace Braintrust.Traced.Shipping;

/// <summary>
/// The background half of a logger: a bounded queue that callers write to without waiting, drained by one worker that
/// builds rows, batches them (by count, bytes and time) and delivers them with retries.
/// </summary>
/// <remarks>
/// Flush bookkeeping uses two counters: rows accepted and rows finished (delivered, given up or dropped). A flush waits
/// until "finished" reaches the "accepted" it saw, so it covers exactly what was queued before it was called.
/// </remarks>
internal sealed class SpanShipper : IAsyncDisposable
{
    private static readonly TimeSpan s_maxHonouredRetryAfter = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan s_dropWarningInterval = TimeSpan.FromSeconds(10);

    private readonly BraintrustOptions _options;
    private readonly ISpanExporter _exporter;
    private readonly RowWriter _writer;
    private readonly ILogger _log;
    private readonly Channel<IPendingRow> _queue;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _waitersLock = new();
    private readonly List<FlushWaiter> _waiters = [];
    private readonly Task _worker;
    private TaskCompletionSource _wake = NewSignal();
    private long _accepted;
    private long _finished;
    private long _flushTarget;
    private long _dropped;
    private long _droppedReported;
    private long _lastDropWarningTicks;
    private long _givenUp;

    public SpanShipper(BraintrustOptions options, ISpanExporter exporter, ValueSerializer serializer, ILogger log)
    {
        _options = options;
        _exporter = exporter;
        _log = log;
        _writer = new RowWriter(serializer, options.ProjectId);
        _queue = Channel.CreateBounded<IPendingRow>(
            new BoundedChannelOptions(options.QueueCapacity)
            {
                FullMode = BoundedChannelFullMode.DropOldest,
                SingleReader = true,
                SingleWriter = false,
                AllowSynchronousContinuations = false,
            },
            OnDropped);
        _worker = Task.Run(RunAsync);
    }

    /// <summary>Rows dropped because the queue was full (or the logger was already disposed).</summary>
    public long DroppedRowCount => Interlocked.Read(ref _dropped);

    /// <summary>Rows given up after their retries ran out or the backend rejected them.</summary>
    public long FailedRowCount => Interlocked.Read(ref _givenUp);

    /// <summary>Queues a row. Never blocks or throws: when the queue is full the oldest row makes room.</summary>
    public void Enqueue(IPendingRow row)
    {
        Interlocked.Increment(ref _accepted);
        if (!_queue.Writer.TryWrite(row))
        {
            // The logger was disposed: the row can no longer be shipped.
            Interlocked.Increment(ref _dropped);
            Interlocked.Increment(ref _finished);
        }
    }

    /// <summary>Completes once every row queued before the call is delivered or given up.</summary>
    public Task FlushAsync(CancellationToken cancellationToken)
    {
        var target = Interlocked.Read(ref _accepted);
        if (Interlocked.Read(ref _finished) >= target)
        {
            return Task.CompletedTask;
        }

        var waiter = new FlushWaiter(target);
        lock (_waitersLock)
        {
            _waiters.Add(waiter);
        }

        RaiseFlushTarget(target);
        Volatile.Read(ref _wake).TrySetResult();
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

        _queue.Writer.TryComplete();
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _worker.WaitAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The worker is stuck in an exporter that ignores cancellation; it holds nothing the caller needs.
        }
    }

    public ValueTask DisposeAsync() => new(ShutdownAsync(_options.ShutdownTimeout));

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void OnDropped(IPendingRow row)
    {
        // Runs on the caller's thread inside the queue's lock: count only; the worker reports.
        Interlocked.Increment(ref _dropped);
        Interlocked.Increment(ref _finished);
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
        var reader = _queue.Reader;
        var stop = _stopping.Token;
        while (true)
        {
            try
            {
                if (!await reader.WaitToReadAsync(stop).ConfigureAwait(false))
                {
                    break;
                }

                await WaitForBatchWindowAsync(stop).ConfigureAwait(false);
                var (rows, taken) = TakeBatch(reader);
                if (rows.Count > 0)
                {
                    await DeliverAsync(rows, stop).ConfigureAwait(false);
                }

                Interlocked.Add(ref _finished, taken);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                // The worker must outlive any bug in row building or exporting, or every later span would be lost silently.
                _log.LogError(exception, "Braintrust: unexpected failure in the span shipper.");
            }

            ReportDrops();
            ReleaseWaiters();
        }

        ReleaseAllWaiters();
    }

    private async Task WaitForBatchWindowAsync(CancellationToken stop)
    {
        var wake = Volatile.Read(ref _wake);
        if (wake.Task.IsCompleted)
        {
            Interlocked.CompareExchange(ref _wake, NewSignal(), wake);
            wake = Volatile.Read(ref _wake);
        }

        if (Interlocked.Read(ref _flushTarget) > Interlocked.Read(ref _finished) || _queue.Reader.Count >= _options.BatchSize)
        {
            return;
        }

        using var timer = CancellationTokenSource.CreateLinkedTokenSource(stop);
        timer.CancelAfter(_options.FlushInterval);
        await wake.Task.WaitAsync(timer.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private (List<JsonObject> Rows, int Taken) TakeBatch(ChannelReader<IPendingRow> reader)
    {
        var rows = new List<JsonObject>();
        var taken = 0;
        long bytes = 0;
        while (taken < _options.BatchSize && bytes < _options.MaxBatchBytes && reader.TryRead(out var item))
        {
            taken++;
            try
            {
                rows.Add(item.ToRow(_writer));
            }
            catch (Exception exception)
            {
                Interlocked.Increment(ref _givenUp);
                _log.LogError(exception, "Braintrust: could not build a row; it is skipped.");
            }

            bytes += _writer.TakeByteEstimate();
        }

        return (rows, taken);
    }

    private async Task DeliverAsync(List<JsonObject> rows, CancellationToken stop)
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
        var dropped = Interlocked.Read(ref _dropped);
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
        var finished = Interlocked.Read(ref _finished);
        lock (_waitersLock)
        {
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Target <= finished)
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

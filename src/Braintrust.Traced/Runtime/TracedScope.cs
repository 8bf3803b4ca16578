using System.ComponentModel;

namespace Braintrust.Traced.Runtime;

/// <summary>
/// One traced call in progress, as generated code sees it. Values handed to it are kept by reference and serialized
/// off the caller's thread, when the span is shipped.
/// </summary>
/// <remarks>
/// Ownership: a scope is ended exactly once, by <see cref="Dispose"/> (synchronous methods), by <see cref="Fail"/>
/// (an exception before the body returned), or by the task or sequence returned from a Trace* method, which takes
/// the span over and ends it when the task completes or the enumeration finishes, breaks or is disposed. Disposing
/// a scope whose span was handed over only restores the caller's current span.
/// The <see langword="default"/> scope (tracing off) does nothing and returns tasks and sequences unchanged.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct TracedScope : IDisposable
{
    private readonly Span? _span;
    private readonly Span? _callerSpan;

    internal TracedScope(Span span, Span? callerSpan)
    {
        _span = span;
        _callerSpan = callerSpan;
    }

    /// <summary>The span this scope records into, or <see langword="null"/> when tracing is off.</summary>
    public Span? Span => _span;

    /// <summary>Records the captured arguments, in the order of <see cref="TracedMethod.InputNames"/> (methods with more than four).</summary>
    public void SetInput(object?[] values) => _span?.SetArguments(values);

    /// <summary>Records the one captured argument, kept as its own type until the shipper writes it (no boxing here).</summary>
    public void SetArguments<T1>(T1 arg1) => _span?.SetArguments(new RecordedArguments<T1>(arg1));

    /// <summary>Records two captured arguments, in the order of <see cref="TracedMethod.InputNames"/>, without boxing.</summary>
    public void SetArguments<T1, T2>(T1 arg1, T2 arg2) => _span?.SetArguments(new RecordedArguments<T1, T2>(arg1, arg2));

    /// <summary>Records three captured arguments, in the order of <see cref="TracedMethod.InputNames"/>, without boxing.</summary>
    public void SetArguments<T1, T2, T3>(T1 arg1, T2 arg2, T3 arg3) =>
        _span?.SetArguments(new RecordedArguments<T1, T2, T3>(arg1, arg2, arg3));

    /// <summary>Records four captured arguments, in the order of <see cref="TracedMethod.InputNames"/>, without boxing.</summary>
    public void SetArguments<T1, T2, T3, T4>(T1 arg1, T2 arg2, T3 arg3, T4 arg4) =>
        _span?.SetArguments(new RecordedArguments<T1, T2, T3, T4>(arg1, arg2, arg3, arg4));

    /// <summary>Records one argument in the span's metadata (a <see cref="AsMetadataAttribute"/> parameter).</summary>
    public void AddMetadata(string key, object? value) => _span?.AddMetadataValue(key, value);

    /// <summary>Records the return value as the span's output.</summary>
    public void SetOutput<T>(T value) => _span?.SetOutput(value);

    /// <summary>Records the output as an object whose members are named by <see cref="TracedMethod.OutputNames"/>.</summary>
    public void SetOutputs(object?[] values) => _span?.SetNamedOutputs(values);

    /// <summary>
    /// Records an exception in the span's <c>error</c>; an <see cref="OperationCanceledException"/> is recorded as a
    /// cancellation, not an error. Does not end the span.
    /// </summary>
    public void SetError(Exception exception) => _span?.RecordException(exception);

    /// <summary>Records <paramref name="exception"/> as <see cref="SetError"/> does and ends the span.</summary>
    public void Fail(Exception exception)
    {
        if (_span is null)
        {
            return;
        }

        _span.RecordException(exception);
        _span.End();
    }

    /// <summary>Takes the span over: it ends when <paramref name="task"/> completes, recording its exception if any.</summary>
    public Task TraceTask(Task task)
    {
        if (HandOver() is not { } span)
        {
            return task;
        }

        if (task is null || task.IsCompletedSuccessfully)
        {
            span.End();
            return task!;
        }

        return TaskTracing.AwaitAsync(task, span);
    }

    /// <summary>Takes the span over: it ends when <paramref name="task"/> completes, recording its result or exception.</summary>
    /// <param name="task">The traced call's task.</param>
    /// <param name="recordResult"><see langword="false"/> for <c>CaptureOutput = false</c>: the span still ends with the task and records its exception, never its result.</param>
    public Task<T> TraceTask<T>(Task<T> task, bool recordResult = true)
    {
        if (HandOver() is not { } span)
        {
            return task;
        }

        if (task is null)
        {
            span.End();
            return task!;
        }

        if (task.IsCompletedSuccessfully)
        {
            if (recordResult)
            {
                span.SetOutput(task.Result);
            }

            span.End();
            return task;
        }

        return TaskTracing.AwaitAsync(task, span, recordResult);
    }

    /// <summary>Takes the span over: it ends when <paramref name="task"/> completes, recording its exception if any.</summary>
    public ValueTask TraceValueTask(ValueTask task)
    {
        if (HandOver() is not { } span)
        {
            return task;
        }

        if (task.IsCompletedSuccessfully)
        {
            span.End();
            return task;
        }

        return TaskTracing.AwaitAsync(task, span);
    }

    /// <summary>Takes the span over: it ends when <paramref name="task"/> completes, recording its result or exception.</summary>
    /// <param name="task">The traced call's task.</param>
    /// <param name="recordResult"><see langword="false"/> for <c>CaptureOutput = false</c>: the span still ends with the task and records its exception, never its result.</param>
    public ValueTask<T> TraceValueTask<T>(ValueTask<T> task, bool recordResult = true)
    {
        if (HandOver() is not { } span)
        {
            return task;
        }

        if (task.IsCompletedSuccessfully)
        {
            if (recordResult)
            {
                span.SetOutput(task.Result);
            }

            span.End();
            return task;
        }

        return TaskTracing.AwaitAsync(task, span, recordResult);
    }

    /// <summary>
    /// Takes the span over: it stays open while the caller enumerates, is the current span inside each step, records
    /// the items (capped, with a count) and ends on completion, break, dispose or exception.
    /// </summary>
    /// <param name="source">The traced call's sequence.</param>
    /// <param name="recordItems"><see langword="false"/> for <c>CaptureOutput = false</c>: only the number of items is recorded.</param>
    public IEnumerable<T> TraceEnumerable<T>(IEnumerable<T> source, bool recordItems = true)
    {
        if (HandOver() is not { } span)
        {
            return source;
        }

        if (source is null)
        {
            span.End();
            return source!;
        }

        return new TracedEnumerable<T>(source, span, recordItems);
    }

    /// <summary>The asynchronous counterpart of <see cref="TraceEnumerable{T}"/>; the enumerator's cancellation token flows to <paramref name="source"/>.</summary>
    /// <param name="source">The traced call's sequence.</param>
    /// <param name="recordItems"><see langword="false"/> for <c>CaptureOutput = false</c>: only the number of items is recorded.</param>
    public IAsyncEnumerable<T> TraceAsyncEnumerable<T>(IAsyncEnumerable<T> source, bool recordItems = true)
    {
        if (HandOver() is not { } span)
        {
            return source;
        }

        if (source is null)
        {
            span.End();
            return source!;
        }

        return new TracedAsyncEnumerable<T>(source, span, recordItems);
    }

    /// <summary>Ends the span (unless a Trace* method took it over) and restores the caller's current span.</summary>
    public void Dispose()
    {
        if (_span is null)
        {
            return;
        }

        if (!_span.IsHandedOver)
        {
            _span.End();
        }

        Braintrust.Traced.Span.CurrentValue = _callerSpan;
    }

    /// <summary>Marks the span as owned by a Trace* wrapper and gives the caller its current span back at once.</summary>
    private Span? HandOver()
    {
        if (_span is null)
        {
            return null;
        }

        _span.IsHandedOver = true;
        Braintrust.Traced.Span.CurrentValue = _callerSpan;
        _span.RestoreCallerActivity();
        return _span;
    }
}

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
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct TracedScope : IDisposable
{
    /// <summary>Records the captured arguments, in the order of <see cref="TracedMethod.InputNames"/>.</summary>
    public void SetInput(object?[] values) => throw new NotImplementedException();

    /// <summary>Records one argument in the span's metadata (a <see cref="AsMetadataAttribute"/> parameter).</summary>
    public void AddMetadata(string key, object? value) => throw new NotImplementedException();

    /// <summary>Records the return value as the span's output.</summary>
    public void SetOutput<T>(T value) => throw new NotImplementedException();

    /// <summary>Records the output as an object whose members are named by <see cref="TracedMethod.OutputNames"/>.</summary>
    public void SetOutputs(object?[] values) => throw new NotImplementedException();

    /// <summary>
    /// Records an exception in the span's <c>error</c>; an <see cref="OperationCanceledException"/> is recorded as a
    /// cancellation, not an error. Does not end the span.
    /// </summary>
    public void SetError(Exception exception) => throw new NotImplementedException();

    /// <summary>Records <paramref name="exception"/> as <see cref="SetError"/> does and ends the span.</summary>
    public void Fail(Exception exception) => throw new NotImplementedException();

    /// <summary>Takes the span over: it ends when <paramref name="task"/> completes, recording its exception if any.</summary>
    public Task TraceTask(Task task) => throw new NotImplementedException();

    /// <summary>Takes the span over: it ends when <paramref name="task"/> completes, recording its result or exception.</summary>
    public Task<T> TraceTask<T>(Task<T> task) => throw new NotImplementedException();

    /// <summary>Takes the span over: it ends when <paramref name="task"/> completes, recording its exception if any.</summary>
    public ValueTask TraceValueTask(ValueTask task) => throw new NotImplementedException();

    /// <summary>Takes the span over: it ends when <paramref name="task"/> completes, recording its result or exception.</summary>
    public ValueTask<T> TraceValueTask<T>(ValueTask<T> task) => throw new NotImplementedException();

    /// <summary>
    /// Takes the span over: it stays open while the caller enumerates, is the current span inside each step, records
    /// the items (capped, with a count) and ends on completion, break, dispose or exception.
    /// </summary>
    public IEnumerable<T> TraceEnumerable<T>(IEnumerable<T> source) => throw new NotImplementedException();

    /// <summary>The asynchronous counterpart of <see cref="TraceEnumerable{T}"/>; the enumerator's cancellation token flows to <paramref name="source"/>.</summary>
    public IAsyncEnumerable<T> TraceAsyncEnumerable<T>(IAsyncEnumerable<T> source) => throw new NotImplementedException();

    /// <summary>Ends the span (unless a Trace* method took it over) and restores the caller's current span.</summary>
    public void Dispose() => throw new NotImplementedException();
}

namespace Braintrust.Traced.Runtime;

/// <summary>
/// Collects what a traced sequence yields (the first <see cref="BraintrustOptions.MaxRecordedItems"/> items and the
/// total count) and ends its span exactly once: on completion, failure, or the caller stopping early.
/// With <paramref name="recordItems"/> off (<c>CaptureOutput = false</c>) only the count is kept.
/// </summary>
internal sealed class SequenceRecorder(Span span, bool recordItems)
{
    private readonly int _maxItems = recordItems ? span.Logger.Options.MaxRecordedItems : 0;
    private readonly List<object?> _items = [];
    private long _count;
    private int _finished;

    public Span Span => span;

    public bool IsFinished => Volatile.Read(ref _finished) != 0;

    public void Add(object? item)
    {
        if (_items.Count < _maxItems)
        {
            _items.Add(item);
        }

        _count++;
    }

    public void Complete() => Finish(stoppedEarly: false, exception: null);

    public void StopEarly() => Finish(stoppedEarly: true, exception: null);

    public void Fail(Exception exception) => Finish(stoppedEarly: false, exception);

    private void Finish(bool stoppedEarly, Exception? exception)
    {
        if (Interlocked.Exchange(ref _finished, 1) != 0)
        {
            return;
        }

        if (exception is not null)
        {
            span.RecordException(exception);
        }

        span.SetItems(recordItems ? _items : null, _count, stoppedEarly);
        span.End();
    }
}

using System.Collections;

namespace Braintrust.Traced.Runtime;

/// <summary>
/// A traced sequence: the first enumeration is recorded in the span (items capped, total counted) and ends it; the
/// span is current inside every step so calls the sequence makes nest under it. Later enumerations are not traced.
/// </summary>
internal sealed class TracedEnumerable<T>(IEnumerable<T> source, Span span, bool recordItems) : IEnumerable<T>
{
    private int _enumerated;

    public IEnumerator<T> GetEnumerator()
    {
        if (Interlocked.Exchange(ref _enumerated, 1) != 0)
        {
            return source.GetEnumerator();
        }

        var recorder = new SequenceRecorder(span, recordItems);
        var caller = Span.CurrentValue;
        Span.CurrentValue = span;
        try
        {
            return new Enumerator(source.GetEnumerator(), recorder);
        }
        catch (Exception exception)
        {
            recorder.Fail(exception);
            throw;
        }
        finally
        {
            Span.CurrentValue = caller;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private sealed class Enumerator(IEnumerator<T> inner, SequenceRecorder recorder) : IEnumerator<T>
    {
        public T Current => inner.Current;

        object? IEnumerator.Current => inner.Current;

        public bool MoveNext()
        {
            if (recorder.IsFinished)
            {
                return false;
            }

            var caller = Span.CurrentValue;
            Span.CurrentValue = recorder.Span;
            try
            {
                if (inner.MoveNext())
                {
                    recorder.Add(inner.Current);
                    return true;
                }

                recorder.Complete();
                return false;
            }
            catch (Exception exception)
            {
                recorder.Fail(exception);
                throw;
            }
            finally
            {
                Span.CurrentValue = caller;
            }
        }

        public void Reset() => inner.Reset();

        public void Dispose()
        {
            var caller = Span.CurrentValue;
            Span.CurrentValue = recorder.Span;
            try
            {
                inner.Dispose();
            }
            finally
            {
                Span.CurrentValue = caller;
                recorder.StopEarly();
            }
        }
    }
}

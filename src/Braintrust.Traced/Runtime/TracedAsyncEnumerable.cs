namespace Braintrust.Traced.Runtime;

/// <summary>The asynchronous counterpart of <see cref="TracedEnumerable{T}"/>.</summary>
internal sealed class TracedAsyncEnumerable<T>(IAsyncEnumerable<T> source, Span span, bool recordItems) : IAsyncEnumerable<T>
{
    private int _enumerated;

    public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _enumerated, 1) != 0)
        {
            return source.GetAsyncEnumerator(cancellationToken);
        }

        var recorder = new SequenceRecorder(span, recordItems);
        var caller = Span.CurrentValue;
        Span.CurrentValue = span;
        try
        {
            return new Enumerator(source.GetAsyncEnumerator(cancellationToken), recorder);
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

    private sealed class Enumerator(IAsyncEnumerator<T> inner, SequenceRecorder recorder) : IAsyncEnumerator<T>
    {
        public T Current => inner.Current;

        public ValueTask<bool> MoveNextAsync()
        {
            if (recorder.IsFinished)
            {
                return new ValueTask<bool>(false);
            }

            // The span is current while the source's step starts, so the async iterator's continuations (which capture
            // the execution context at this point) run with it as their parent.
            ValueTask<bool> step;
            var caller = Span.CurrentValue;
            Span.CurrentValue = recorder.Span;
            try
            {
                step = inner.MoveNextAsync();
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

            return step.IsCompletedSuccessfully ? new ValueTask<bool>(OnStep(step.Result)) : AwaitStepAsync(step);
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await inner.DisposeAsync().ConfigureAwait(false);
            }
            finally
            {
                recorder.StopEarly();
            }
        }

        private async ValueTask<bool> AwaitStepAsync(ValueTask<bool> step)
        {
            try
            {
                return OnStep(await step.ConfigureAwait(false));
            }
            catch (Exception exception)
            {
                recorder.Fail(exception);
                throw;
            }
        }

        private bool OnStep(bool moved)
        {
            if (moved)
            {
                recorder.Add(inner.Current);
                return true;
            }

            recorder.Complete();
            return false;
        }
    }
}

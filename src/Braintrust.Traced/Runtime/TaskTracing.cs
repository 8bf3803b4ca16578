namespace Braintrust.Traced.Runtime;

/// <summary>
/// Ends a handed-over span when the traced call's task completes. The returned task completes only after the span
/// ended, so a caller that awaits it and then flushes always ships the span.
/// </summary>
internal static class TaskTracing
{
    public static async Task AwaitAsync(Task task, Span span)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            span.RecordException(exception);
            throw;
        }
        finally
        {
            span.End();
        }
    }

    public static async Task<T> AwaitAsync<T>(Task<T> task, Span span, bool recordResult)
    {
        try
        {
            var result = await task.ConfigureAwait(false);
            if (recordResult)
            {
                span.SetOutput(result);
            }

            return result;
        }
        catch (Exception exception)
        {
            span.RecordException(exception);
            throw;
        }
        finally
        {
            span.End();
        }
    }

    public static async ValueTask AwaitAsync(ValueTask task, Span span)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            span.RecordException(exception);
            throw;
        }
        finally
        {
            span.End();
        }
    }

    public static async ValueTask<T> AwaitAsync<T>(ValueTask<T> task, Span span, bool recordResult)
    {
        try
        {
            var result = await task.ConfigureAwait(false);
            if (recordResult)
            {
                span.SetOutput(result);
            }

            return result;
        }
        catch (Exception exception)
        {
            span.RecordException(exception);
            throw;
        }
        finally
        {
            span.End();
        }
    }
}

using Braintrust.Traced.Runtime;

namespace Braintrust.Traced.Tests.Infrastructure;

/// <summary>
/// Methods written the way the [Traced] source generator writes them, calling the runtime contract by hand:
/// check <see cref="TracedCalls.IsEnabled"/>, <see cref="TracedCalls.Begin"/>, record, hand the task or sequence over.
/// </summary>
internal static class HandTraced
{
    public static readonly TracedMethod AddMethod = new("add", SpanType.Function, "HandTraced.Add", "HandTraced.cs", 14, ["a", "b"], []);
    public static readonly TracedMethod FetchMethod = new("fetch", SpanType.Tool, "HandTraced.FetchAsync", "HandTraced.cs", 15, ["id", "delayMs"], []);
    public static readonly TracedMethod PipelineMethod = new("pipeline", SpanType.Task, "HandTraced.PipelineAsync", "HandTraced.cs", 16, ["ids"], []);
    public static readonly TracedMethod NumbersMethod = new("numbers", SpanType.Function, "HandTraced.Numbers", "HandTraced.cs", 17, ["count"], []);
    public static readonly TracedMethod StreamMethod = new("stream", SpanType.Llm, "HandTraced.StreamAsync", "HandTraced.cs", 18, ["count"], []);
    public static readonly TracedMethod TryParseMethod = new("try_parse", SpanType.Function, "HandTraced.TryParse", "HandTraced.cs", 19, ["text"], ["return", "value"]);

    public static int Add(int a, int b)
    {
        if (!TracedCalls.IsEnabled)
        {
            return a + b;
        }

        using var scope = TracedCalls.Begin(AddMethod);
        scope.SetArguments(a, b);
        var result = a + b;
        scope.SetOutput(result);
        return result;
    }

    public static bool TryParse(string text, out int value)
    {
        using var scope = TracedCalls.Begin(TryParseMethod);
        scope.SetInput([text]);
        var ok = int.TryParse(text, out value);
        scope.SetOutputs([ok, value]);
        return ok;
    }

    public static Task<int> FetchAsync(int id, int delayMs, Func<int, Task<int>>? body = null)
    {
        using var scope = TracedCalls.Begin(FetchMethod);
        scope.SetArguments(id, delayMs);
        try
        {
            return scope.TraceTask(body is null ? FetchCoreAsync(id, delayMs) : body(id));
        }
        catch (Exception exception)
        {
            scope.Fail(exception);
            throw;
        }
    }

    public static Task<int[]> PipelineAsync(int[] ids)
    {
        using var scope = TracedCalls.Begin(PipelineMethod);
        scope.SetInput([ids]);
        return scope.TraceTask(PipelineCoreAsync(ids));
    }

    public static IEnumerable<int> Numbers(int count, int? throwAt = null)
    {
        using var scope = TracedCalls.Begin(NumbersMethod);
        scope.SetInput([count]);
        return scope.TraceEnumerable(NumbersCore(count, throwAt));
    }

    public static IAsyncEnumerable<int> StreamAsync(int count)
    {
        using var scope = TracedCalls.Begin(StreamMethod);
        scope.SetInput([count]);
        return scope.TraceAsyncEnumerable(StreamCoreAsync(count, CancellationToken.None));
    }

    private static async Task<int> FetchCoreAsync(int id, int delayMs)
    {
        await Task.Delay(delayMs);
        return id * 10;
    }

    private static async Task<int[]> PipelineCoreAsync(int[] ids)
    {
        await Task.Yield();
        return await Task.WhenAll(ids.Select(id => FetchAsync(id, 30 - (id * 5))));
    }

    private static IEnumerable<int> NumbersCore(int count, int? throwAt)
    {
        for (var i = 0; i < count; i++)
        {
            if (i == throwAt)
            {
                throw new InvalidOperationException($"bad item {i}");
            }

            // Each item is itself a traced call: it must nest under the sequence's span.
            yield return Add(i, 0);
        }
    }

    private static async IAsyncEnumerable<int> StreamCoreAsync(int count, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var i = 0; i < count; i++)
        {
            await Task.Delay(5, cancellationToken);
            yield return await FetchAsync(i, 1);
        }
    }
}

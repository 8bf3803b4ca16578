using System.Text.Json.Nodes;
using Braintrust.Traced.Generator.Tests.Infrastructure;

namespace Braintrust.Traced.Generator.Tests;

/// <summary>
/// Compiles user code with the generated code, runs it against the Braintrust.Traced runtime recording into memory,
/// and checks the spans a user would see in Braintrust.
/// </summary>
[NonParallelizable]
public sealed class TracedRunTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Runtime.CompilerServices;
        using System.Threading;
        using System.Threading.Tasks;
        using Braintrust.Traced;

        """;

    private const string CalculatorSource = Usings + """
        namespace Demo;

        public partial class Calculator
        {
            [Traced(Type = SpanType.Tool)]
            public partial int Divide(int dividend, int divisor, out int remainder);

            [Traced]
            public partial void Bump(ref int counter);

            [Traced]
            public partial T Echo<T>(T value) where T : notnull;

            private int DivideCore(int dividend, int divisor, out int remainder)
            {
                remainder = dividend % divisor;
                return dividend / divisor;
            }

            private void BumpCore(ref int counter) => counter++;

            private T EchoCore<T>(T value) where T : notnull => value;
        }
        """;

    [Test]
    public void SynchronousCallRecordsNameTypeInputOutputsAndSourceLocation()
    {
        using var code = CompiledUserCode.Compile(CalculatorSource);
        using var session = new TracingSession();
        var arguments = new object?[] { 7, 2, null };

        var quotient = CompiledUserCode.Call(code.New("Demo.Calculator"), "Divide", arguments);

        var span = session.SingleSpan();
        Assert.Multiple(() =>
        {
            Assert.That(quotient, Is.EqualTo(3));
            Assert.That(arguments[2], Is.EqualTo(1), "the out value reaches the caller");
            Assert.That(Text(span, "span_attributes", "name"), Is.EqualTo("Divide"));
            Assert.That(Text(span, "span_attributes", "type"), Is.EqualTo("tool"));
            Assert.That(Json(span["input"]), Is.EqualTo("""{"dividend":7,"divisor":2}"""));
            Assert.That(Json(span["output"]), Is.EqualTo("""{"return":3,"remainder":1}"""));
            Assert.That(Text(span, "context", "caller_functionname"), Is.EqualTo("Calculator.Divide"));
            Assert.That(Text(span, "context", "caller_filename"), Is.EqualTo("/src/UserCode.cs"));
            Assert.That(span["context"]!["caller_lineno"]!.GetValue<int>(), Is.EqualTo(LineOf(CalculatorSource, "partial int Divide(")));
            Assert.That(span["error"], Is.Null);
        });
    }

    [Test]
    public void RefParameterIsRecordedBeforeAndAfterTheCall()
    {
        using var code = CompiledUserCode.Compile(CalculatorSource);
        using var session = new TracingSession();
        var arguments = new object?[] { 41 };

        CompiledUserCode.Call(code.New("Demo.Calculator"), "Bump", arguments);

        var span = session.SingleSpan();
        Assert.Multiple(() =>
        {
            Assert.That(arguments[0], Is.EqualTo(42));
            Assert.That(Json(span["input"]), Is.EqualTo("""{"counter":41}"""));
            Assert.That(Json(span["output"]), Is.EqualTo("""{"counter":42}"""));
        });
    }

    [Test]
    public void GenericMethodRecordsItsTypedValue()
    {
        using var code = CompiledUserCode.Compile(CalculatorSource);
        using var session = new TracingSession();
        var echo = code.Type("Demo.Calculator").GetMethod("Echo")!.MakeGenericMethod(typeof(string));

        var result = echo.Invoke(code.New("Demo.Calculator"), new object?[] { "hello" });

        var span = session.SingleSpan();
        Assert.Multiple(() =>
        {
            Assert.That(result, Is.EqualTo("hello"));
            Assert.That(Json(span["input"]), Is.EqualTo("""{"value":"hello"}"""));
            Assert.That(Json(span["output"]), Is.EqualTo("\"hello\""));
        });
    }

    [Test]
    public void WithNoLoggerTheBodyRunsAndNothingIsRecorded()
    {
        using var code = CompiledUserCode.Compile(CalculatorSource);
        var calculator = code.New("Demo.Calculator");

        var untraced = CompiledUserCode.Call(calculator, "Divide", 9, 3, null);
        using var session = new TracingSession();

        Assert.Multiple(() =>
        {
            Assert.That(untraced, Is.EqualTo(3));
            Assert.That(session.Spans(), Is.Empty);
        });
    }

    [Test]
    public void ExceptionIsRecordedAndRethrownWithItsOriginalStackTrace()
    {
        using var code = CompiledUserCode.Compile(Usings + """
            namespace Demo;

            public partial class Bomb
            {
                [Traced]
                public partial int Explode(string reason);

                private int ExplodeCore(string reason) => Detonate(reason);

                private static int Detonate(string reason) => throw new InvalidOperationException("boom: " + reason);
            }
            """);
        using var session = new TracingSession();

        var thrown = Assert.Throws<InvalidOperationException>(() => CompiledUserCode.Call(code.New("Demo.Bomb"), "Explode", "test"));

        var span = session.SingleSpan();
        Assert.Multiple(() =>
        {
            Assert.That(thrown!.Message, Is.EqualTo("boom: test"));
            Assert.That(thrown.StackTrace, Does.Contain("Bomb.Detonate(").And.Contain("Bomb.ExplodeCore("), "the stack starts where the user's code threw");
            Assert.That(thrown.StackTrace, Does.Not.Contain("Bomb.Explode("), "the generated wrapper is hidden from stack traces");
            Assert.That(Text(span, "error", "type"), Is.EqualTo("System.InvalidOperationException"));
            Assert.That(Text(span, "error", "message"), Is.EqualTo("boom: test"));
            Assert.That(span["output"], Is.Null);
        });
    }

    private const string AsyncSource = Usings + """
        namespace Demo;

        public sealed record Label(string Name, double Confidence);

        public partial class Pipeline
        {
            [Traced("classify_text", Type = SpanType.Llm)]
            public partial Task<Label> ClassifyTextAsync(string text, CancellationToken ct = default);

            [Traced]
            public partial Task<int> RunAsync(string first, string second);

            [Traced]
            public partial ValueTask<int> CountAsync(string text);

            [Traced(CaptureOutput = false)]
            public partial Task<string> ReadSecretAsync(string name);

            [Traced]
            public partial Task FailLaterAsync();

            [Traced(CaptureOutput = false)]
            public partial Task<string> ReadMissingSecretAsync(string name);

            private async Task<Label> ClassifyTextAsyncCore(string text, CancellationToken ct)
            {
                await Task.Delay(20, ct);
                ct.ThrowIfCancellationRequested();
                return new Label(text.ToUpperInvariant(), 0.9);
            }

            private async Task<int> RunAsyncCore(string first, string second)
            {
                await Task.Yield();
                var labels = await Task.WhenAll(ClassifyTextAsync(first), ClassifyTextAsync(second));
                return labels.Length + await CountAsync(first);
            }

            private async ValueTask<int> CountAsyncCore(string text)
            {
                await Task.Delay(5);
                return text.Length;
            }

            private async Task<string> ReadSecretAsyncCore(string name)
            {
                await Task.Yield();
                return "s3cr3t-" + name;
            }

            private async Task<string> ReadMissingSecretAsyncCore(string name)
            {
                await Task.Yield();
                throw new KeyNotFoundException("no secret " + name);
            }

            private async Task FailLaterAsyncCore()
            {
                await Task.Yield();
                throw new TimeoutException("model did not answer");
            }
        }
        """;

    [Test]
    public async Task TaskResultIsRecordedWhenTheTaskCompletes()
    {
        using var code = CompiledUserCode.Compile(AsyncSource);
        using var session = new TracingSession();

        var label = await AwaitResult(CompiledUserCode.Call(code.New("Demo.Pipeline"), "ClassifyTextAsync", "hello", CancellationToken.None));

        var span = session.SingleSpan();
        Assert.Multiple(() =>
        {
            Assert.That(label?.ToString(), Does.Contain("HELLO"));
            Assert.That(Text(span, "span_attributes", "name"), Is.EqualTo("classify_text"));
            Assert.That(Text(span, "span_attributes", "type"), Is.EqualTo("llm"));
            Assert.That(Json(span["input"]), Is.EqualTo("""{"text":"hello"}"""), "the CancellationToken is never captured");
            Assert.That(Json(span["output"]), Is.EqualTo("""{"Name":"HELLO","Confidence":0.9}"""));
            Assert.That(span["metrics"]!["end"]!.GetValue<double>() - span["metrics"]!["start"]!.GetValue<double>(), Is.GreaterThanOrEqualTo(0.015),
                "the span stays open until the awaited work finishes");
        });
    }

    [Test]
    public async Task ChildSpansNestUnderTheirParentAcrossAwaitsAndWhenAll()
    {
        using var code = CompiledUserCode.Compile(AsyncSource);
        using var session = new TracingSession();

        var total = await AwaitResult(CompiledUserCode.Call(code.New("Demo.Pipeline"), "RunAsync", "ab", "cd"));

        var spans = session.Spans();
        var parent = spans.Single(s => Text(s, "span_attributes", "name") == "Run");
        var classify = spans.Where(s => Text(s, "span_attributes", "name") == "classify_text").ToList();
        var count = spans.Single(s => Text(s, "span_attributes", "name") == "Count");
        Assert.Multiple(() =>
        {
            Assert.That(total, Is.EqualTo(4));
            Assert.That(spans, Has.Count.EqualTo(4));
            Assert.That(parent["span_parents"], Is.Null, "the outer call is a root span");
            Assert.That(classify.Select(s => Json(s["input"])), Is.EquivalentTo(new[] { """{"text":"ab"}""", """{"text":"cd"}""" }));
            foreach (var child in classify.Append(count))
            {
                Assert.That(Json(child["span_parents"]), Is.EqualTo("[\"" + Text(parent, "span_id") + "\"]"));
                Assert.That(Text(child, "root_span_id"), Is.EqualTo(Text(parent, "root_span_id")));
            }
        });
    }

    [Test]
    public async Task ValueTaskResultIsRecorded()
    {
        using var code = CompiledUserCode.Compile(AsyncSource);
        using var session = new TracingSession();

        var result = CompiledUserCode.Call(code.New("Demo.Pipeline"), "CountAsync", "four");
        var count = await (ValueTask<int>)result!;

        Assert.Multiple(() =>
        {
            Assert.That(count, Is.EqualTo(4));
            Assert.That(Json(session.SingleSpan()["output"]), Is.EqualTo("4"));
        });
    }

    [Test]
    public async Task CaptureOutputOffKeepsTheResultOutOfTheSpan()
    {
        using var code = CompiledUserCode.Compile(AsyncSource);
        using var session = new TracingSession();

        var secret = await AwaitResult(CompiledUserCode.Call(code.New("Demo.Pipeline"), "ReadSecretAsync", "db"));

        var span = session.SingleSpan();
        Assert.Multiple(() =>
        {
            Assert.That(secret, Is.EqualTo("s3cr3t-db"));
            Assert.That(span["output"], Is.Null);
            Assert.That(span.ToJsonString(), Does.Not.Contain("s3cr3t"));
            Assert.That(span["metrics"]?["end"], Is.Not.Null, "the span still ends");
        });
    }

    [Test]
    public async Task CaptureOutputOffRecordsAFailureOnceAndLeavesNoUnobservedException()
    {
        using var code = CompiledUserCode.Compile(AsyncSource);
        using var session = new TracingSession();
        var unobserved = new List<AggregateException>();
        EventHandler<UnobservedTaskExceptionEventArgs> onUnobserved = (_, e) =>
        {
            lock (unobserved)
            {
                unobserved.Add(e.Exception);
            }
        };
        TaskScheduler.UnobservedTaskException += onUnobserved;
        try
        {
            await CallAndObserveFailure(code);
            var span = session.SingleSpan();
            for (var i = 0; i < 3; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }

            Assert.Multiple(() =>
            {
                Assert.That(Text(span, "error", "type"), Is.EqualTo("System.Collections.Generic.KeyNotFoundException"));
                Assert.That(unobserved.SelectMany(e => e.InnerExceptions).Select(e => e.Message), Has.None.Contains("no secret"));
            });
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= onUnobserved;
        }
    }

    /// <summary>Kept out of line so no local keeps the tasks alive when the test collects garbage.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static async Task CallAndObserveFailure(CompiledUserCode code)
    {
        var task = (Task)CompiledUserCode.Call(code.New("Demo.Pipeline"), "ReadMissingSecretAsync", "db")!;
        await Assert.ThatAsync(async () => await task, Throws.InstanceOf<KeyNotFoundException>());
    }

    [Test]
    public async Task CancellationIsRecordedAsCancelledNotAsAnError()
    {
        using var code = CompiledUserCode.Compile(AsyncSource);
        using var session = new TracingSession();
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        var task = (Task)CompiledUserCode.Call(code.New("Demo.Pipeline"), "ClassifyTextAsync", "hello", cancellation.Token)!;

        await Assert.ThatAsync(async () => await task, Throws.InstanceOf<OperationCanceledException>());
        var span = session.SingleSpan();
        Assert.Multiple(() =>
        {
            Assert.That(span["error"], Is.Null);
            Assert.That(span["metadata"]?["cancelled"]?.GetValue<bool>(), Is.True);
        });
    }

    [Test]
    public async Task AsynchronousExceptionIsRecordedAndReachesTheCaller()
    {
        using var code = CompiledUserCode.Compile(AsyncSource);
        using var session = new TracingSession();

        var task = (Task)CompiledUserCode.Call(code.New("Demo.Pipeline"), "FailLaterAsync")!;

        var thrown = await Assert.ThrowsAsync<TimeoutException>(async () => await task);
        var span = session.SingleSpan();
        Assert.Multiple(() =>
        {
            Assert.That(thrown!.StackTrace, Does.Contain("FailLaterAsyncCore"));
            Assert.That(Text(span, "error", "type"), Is.EqualTo("System.TimeoutException"));
            Assert.That(Text(span, "error", "message"), Is.EqualTo("model did not answer"));
        });
    }

    private const string SequenceSource = Usings + """
        namespace Demo;

        public partial class Sequences
        {
            [Traced]
            public partial IEnumerable<int> Numbers(int count);

            [Traced]
            public partial int Square(int value);

            [Traced]
            public partial IEnumerable<string> Lines(string text);

            [Traced]
            public partial IAsyncEnumerable<string> StreamAsync(string prompt, CancellationToken ct = default);

            [Traced(CaptureOutput = false)]
            public partial IEnumerable<string> Secrets(int count);

            private IEnumerable<int> NumbersCore(int count)
            {
                for (var i = 1; i <= count; i++)
                {
                    yield return Square(i);
                }
            }

            private int SquareCore(int value) => value * value;

            private IEnumerable<string> SecretsCore(int count)
            {
                for (var i = 0; i < count; i++)
                {
                    yield return "s3cr3t-" + i;
                }
            }

            private IEnumerable<string> LinesCore(string text)
            {
                yield return text;
                throw new FormatException("bad line after " + text);
            }

            private async IAsyncEnumerable<string> StreamAsyncCore(string prompt, [EnumeratorCancellation] CancellationToken ct)
            {
                foreach (var token in prompt.Split(' '))
                {
                    await Task.Delay(1, ct);
                    yield return token;
                }
            }
        }
        """;

    [Test]
    public void IteratorSpanRecordsItemsAndParentsTheCallsMadeWhileEnumerating()
    {
        using var code = CompiledUserCode.Compile(SequenceSource);
        using var session = new TracingSession();

        var items = ((IEnumerable<int>)CompiledUserCode.Call(code.New("Demo.Sequences"), "Numbers", 3)!).ToList();

        var iterator = session.SpanNamed("Numbers");
        var squares = session.Spans().Where(s => Text(s, "span_attributes", "name") == "Square").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(items, Is.EqualTo(new[] { 1, 4, 9 }));
            Assert.That(Json(iterator["output"]), Is.EqualTo("[1,4,9]"));
            Assert.That(iterator["metadata"]?["item_count"]?.GetValue<long>(), Is.EqualTo(3));
            Assert.That(squares, Has.Count.EqualTo(3));
            Assert.That(squares.Select(s => Json(s["span_parents"])), Is.All.EqualTo("[\"" + Text(iterator, "span_id") + "\"]"));
        });
    }

    [Test]
    public void IteratorWithCaptureOutputOffCountsItemsWithoutRecordingThem()
    {
        using var code = CompiledUserCode.Compile(SequenceSource);
        using var session = new TracingSession();

        var items = ((IEnumerable<string>)CompiledUserCode.Call(code.New("Demo.Sequences"), "Secrets", 2)!).ToList();

        var span = session.SpanNamed("Secrets");
        Assert.Multiple(() =>
        {
            Assert.That(items, Is.EqualTo(new[] { "s3cr3t-0", "s3cr3t-1" }));
            Assert.That(span["output"], Is.Null);
            Assert.That(span.ToJsonString(), Does.Not.Contain("s3cr3t"));
            Assert.That(span["metadata"]?["item_count"]?.GetValue<long>(), Is.EqualTo(2));
            Assert.That(span["metrics"]?["end"], Is.Not.Null, "the span still ends");
        });
    }

    [Test]
    public void BreakingOutOfAnIteratorEndsItsSpan()
    {
        using var code = CompiledUserCode.Compile(SequenceSource);
        using var session = new TracingSession();

        foreach (var item in (IEnumerable<int>)CompiledUserCode.Call(code.New("Demo.Sequences"), "Numbers", 100)!)
        {
            if (item >= 4)
            {
                break;
            }
        }

        var iterator = session.SpanNamed("Numbers");
        Assert.Multiple(() =>
        {
            Assert.That(Json(iterator["output"]), Is.EqualTo("[1,4]"));
            Assert.That(iterator["metadata"]?["stopped_early"]?.GetValue<bool>(), Is.True);
            Assert.That(iterator["metrics"]?["end"], Is.Not.Null);
        });
    }

    [Test]
    public void ExceptionDuringEnumerationIsRecordedOnTheIteratorSpan()
    {
        using var code = CompiledUserCode.Compile(SequenceSource);
        using var session = new TracingSession();
        var seen = new List<string>();

        Assert.Throws<FormatException>(() =>
        {
            foreach (var line in (IEnumerable<string>)CompiledUserCode.Call(code.New("Demo.Sequences"), "Lines", "first")!)
            {
                seen.Add(line);
            }
        });

        var span = session.SpanNamed("Lines");
        Assert.Multiple(() =>
        {
            Assert.That(seen, Is.EqualTo(new[] { "first" }));
            Assert.That(Text(span, "error", "type"), Is.EqualTo("System.FormatException"));
            Assert.That(Json(span["output"]), Is.EqualTo("""["first"]"""));
        });
    }

    [Test]
    public void IteratorThatIsNeverEnumeratedStillEndsWhenDisposed()
    {
        using var code = CompiledUserCode.Compile(SequenceSource);
        using var session = new TracingSession();

        var sequence = (IEnumerable<int>)CompiledUserCode.Call(code.New("Demo.Sequences"), "Numbers", 5)!;
        sequence.GetEnumerator().Dispose();

        Assert.That(session.SpanNamed("Numbers")["metrics"]?["end"], Is.Not.Null);
    }

    [Test]
    public async Task AsyncStreamRecordsItemsAndHonoursTheEnumeratorsCancellation()
    {
        using var code = CompiledUserCode.Compile(SequenceSource);
        using var session = new TracingSession();
        var stream = (IAsyncEnumerable<string>)CompiledUserCode.Call(code.New("Demo.Sequences"), "StreamAsync", "a b c", CancellationToken.None)!;

        var tokens = new List<string>();
        await foreach (var token in stream)
        {
            tokens.Add(token);
        }

        using var cancellation = new CancellationTokenSource();
        var cancelled = (IAsyncEnumerable<string>)CompiledUserCode.Call(code.New("Demo.Sequences"), "StreamAsync", "x y z", CancellationToken.None)!;
        await Assert.ThatAsync(async () =>
        {
            await foreach (var _ in cancelled.WithCancellation(cancellation.Token))
            {
                await cancellation.CancelAsync();
            }
        }, Throws.InstanceOf<OperationCanceledException>());

        var spans = session.Spans().Where(s => Text(s, "span_attributes", "name") == "Stream").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(tokens, Is.EqualTo(new[] { "a", "b", "c" }));
            Assert.That(spans, Has.Count.EqualTo(2));
            Assert.That(Json(spans[0]["output"]), Is.EqualTo("""["a","b","c"]"""));
            Assert.That(spans[1]["metadata"]?["cancelled"]?.GetValue<bool>(), Is.True);
            Assert.That(spans[1]["error"], Is.Null);
        });
    }

    [Test]
    public void ParameterAttributesDecideWhatIsRecorded()
    {
        using var code = CompiledUserCode.Compile(Usings + """
            namespace Demo;

            public partial class Auth
            {
                [Traced]
                public partial bool Login(string user, [Redact] string password, [NotTraced] byte[] avatar, [AsMetadata("tenant")] string tenantId, CancellationToken ct);

                private bool LoginCore(string user, string password, byte[] avatar, string tenantId, CancellationToken ct) => password == "hunter2";
            }
            """);
        using var session = new TracingSession();

        var ok = CompiledUserCode.Call(code.New("Demo.Auth"), "Login", "ann", "hunter2", new byte[] { 1, 2 }, "acme", CancellationToken.None);

        var span = session.SingleSpan();
        Assert.Multiple(() =>
        {
            Assert.That(ok, Is.EqualTo(true));
            Assert.That(Json(span["input"]), Is.EqualTo("""{"user":"ann","password":"[redacted]"}"""));
            Assert.That(span["metadata"]?["tenant"]?.GetValue<string>(), Is.EqualTo("acme"));
            Assert.That(span.ToJsonString(), Does.Not.Contain("hunter2"));
        });
    }

    [Test]
    public void StructMembersAndStaticExtensionMethodsAreTraced()
    {
        using var code = CompiledUserCode.Compile(Usings + """
            namespace Demo;

            public partial struct Counter
            {
                private int _value;

                [Traced]
                public partial int Increment(int by);

                private int IncrementCore(int by) => _value += by;
            }

            public static partial class TextExtensions
            {
                [Traced(Type = SpanType.Function)]
                public static partial string Shout(this string text);

                private static string ShoutCore(this string text) => text.ToUpperInvariant();

                public static int CountTwice()
                {
                    var counter = new Counter();
                    counter.Increment(2);
                    return counter.Increment(3);
                }
            }
            """);
        using var session = new TracingSession();

        var shouted = code.CallStatic("Demo.TextExtensions", "Shout", "hey");
        var counted = code.CallStatic("Demo.TextExtensions", "CountTwice");

        var spans = session.Spans();
        Assert.Multiple(() =>
        {
            Assert.That(shouted, Is.EqualTo("HEY"));
            Assert.That(counted, Is.EqualTo(5), "the struct's state changes in place, not on a copy");
            Assert.That(spans.Select(s => Text(s, "span_attributes", "name")), Is.EqualTo(new[] { "Shout", "Increment", "Increment" }));
            Assert.That(spans.Skip(1).Select(s => Json(s["output"])), Is.EqualTo(new[] { "2", "5" }));
        });
    }

    private static async Task<object?> AwaitResult(object? task)
    {
        await (Task)task!;
        return task.GetType().GetProperty("Result")!.GetValue(task);
    }

    private static string? Text(JsonObject span, params string[] path)
    {
        JsonNode? node = span;
        foreach (var key in path)
        {
            node = node?[key];
        }

        return node?.GetValue<string>();
    }

    private static string Json(JsonNode? node) => node?.ToJsonString() ?? "null";

    private static int LineOf(string source, string fragment) =>
        source.Split('\n').Select((line, index) => (line, index)).First(l => l.line.Contains(fragment, StringComparison.Ordinal)).index + 1;
}

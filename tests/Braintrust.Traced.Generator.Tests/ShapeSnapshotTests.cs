using Braintrust.Traced.Generator.Tests.Infrastructure;

namespace Braintrust.Traced.Generator.Tests;

/// <summary>
/// The generated source for every method shape, compared with approved files in <c>Snapshots/</c>. Each run also
/// compiles the user's code with the generated code and fails on any error or warning.
/// </summary>
public sealed class ShapeSnapshotTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Runtime.CompilerServices;
        using System.Threading;
        using System.Threading.Tasks;
        using Braintrust.Traced;

        """;

    private static void Verify(string source, [System.Runtime.CompilerServices.CallerMemberName] string testName = "") =>
        SnapshotAssert.Matches(GeneratorRunner.RunAndCompile(Usings + source), testName);

    [Test]
    public void SynchronousInstanceMethod() => Verify("""
        namespace Demo
        {
            public partial class Calculator
            {
                [Traced]
                public partial int Add(int a, int b);

                private int AddCore(int a, int b) => a + b;
            }
        }
        """);

    [Test]
    public void StaticVoidMethod() => Verify("""
        namespace Demo;

        public static partial class Audit
        {
            [Traced(Type = SpanType.Task)]
            internal static partial void Record(string message);

            private static void RecordCore(string message) => Console.WriteLine(message);
        }
        """);

    [Test]
    public void TaskReturningMethods() => Verify("""
        namespace Demo;

        public sealed record Label(string Name);

        public partial class Classifier
        {
            [Traced("classify_text", Type = SpanType.Tool)]
            public partial Task<Label> ClassifyTextAsync(string text, CancellationToken ct = default);

            [Traced]
            public partial Task WarmUpAsync();

            private async Task<Label> ClassifyTextAsyncCore(string text, CancellationToken ct)
            {
                await Task.Yield();
                return new Label(text);
            }

            private Task WarmUpAsyncCore() => Task.CompletedTask;
        }
        """);

    [Test]
    public void ValueTaskReturningMethods() => Verify("""
        namespace Demo;

        public partial class Cache
        {
            [Traced(Type = SpanType.Llm)]
            public partial ValueTask<string?> LookupAsync(string key);

            [Traced]
            public partial ValueTask EvictAsync(string key);

            private ValueTask<string?> LookupAsyncCore(string key) => new((string?)null);

            private ValueTask EvictAsyncCore(string key) => default;
        }
        """);

    [Test]
    public void AsyncEnumerableMethod() => Verify("""
        namespace Demo;

        public partial class Streamer
        {
            [Traced]
            // [EnumeratorCancellation] belongs on the body only: on this declaration it would warn (CS8424).
            public partial IAsyncEnumerable<string> StreamTokensAsync(string prompt, CancellationToken ct = default);

            private async IAsyncEnumerable<string> StreamTokensAsyncCore(string prompt, [EnumeratorCancellation] CancellationToken ct)
            {
                foreach (var token in prompt.Split(' '))
                {
                    await Task.Yield();
                    yield return token;
                }
            }
        }
        """);

    [Test]
    public void IteratorMethod() => Verify("""
        namespace Demo;

        public partial class Tokenizer
        {
            [Traced]
            public partial IEnumerable<int> Numbers(int count);

            private IEnumerable<int> NumbersCore(int count)
            {
                for (var i = 0; i < count; i++)
                {
                    yield return i;
                }
            }
        }
        """);

    [Test]
    public void GenericMethodsWithConstraints() => Verify("""
        namespace Demo;

        public interface IDocument { string Id { get; } }

        public partial class Store
        {
            [Traced]
            public partial T Save<T>(T document) where T : class, IDocument, new();

            [Traced]
            public partial TValue? Find<TKey, TValue>(TKey key) where TKey : notnull where TValue : struct;

            [Traced]
            public partial int Size<T>(T value) where T : unmanaged;

            [Traced]
            public partial string Describe<T>(T? value) where T : class?;

            [Traced]
            public partial int Measure<T>(T value, int extra) where T : IDocument, allows ref struct;

            [Traced]
            public partial T Pass<T>(T value) where T : allows ref struct;

            private T SaveCore<T>(T document) where T : class, IDocument, new() => document;

            private TValue? FindCore<TKey, TValue>(TKey key) where TKey : notnull where TValue : struct => null;

            private int SizeCore<T>(T value) where T : unmanaged => Unsafe.SizeOf<T>();

            private string DescribeCore<T>(T? value) where T : class? => value?.ToString() ?? "none";

            private int MeasureCore<T>(T value, int extra) where T : IDocument, allows ref struct => value.Id.Length + extra;

            private T PassCore<T>(T value) where T : allows ref struct => value;
        }
        """);

    [Test]
    public void GenericAndNestedContainingTypes() => Verify("""
        namespace Demo.Nested;

        public partial class Outer<TKey> where TKey : notnull
        {
            public partial record Inner<TValue>
            {
                [Traced]
                public partial TValue Get(TKey key, TValue fallback);

                private TValue GetCore(TKey key, TValue fallback) => fallback;
            }
        }
        """);

    [Test]
    public void GlobalNamespace() => Verify("""
        public partial class Greeter
        {
            [Traced]
            public partial string Greet(string name);

            private string GreetCore(string name) => "Hello " + name;
        }
        """);

    [Test]
    public void StructsAndReadonlyMembers() => Verify("""
        namespace Demo;

        public partial struct Counter
        {
            private int _value;

            [Traced]
            public partial int Increment(int by);

            [Traced]
            public readonly partial int Peek();

            private int IncrementCore(int by) => _value += by;

            private readonly int PeekCore() => _value;
        }

        public readonly partial record struct Point(int X, int Y)
        {
            [Traced]
            public partial double Distance(Point other);

            private double DistanceCore(Point other) => Math.Sqrt(Math.Pow(X - other.X, 2) + Math.Pow(Y - other.Y, 2));
        }
        """);

    [Test]
    public void RefOutInParamsAndScopedParameters() => Verify("""
        namespace Demo;

        public readonly struct Matrix { public readonly double M11; }

        public partial class MathOps
        {
            [Traced]
            public partial int Divide(int dividend, int divisor, out int remainder);

            [Traced]
            public partial void Bump(ref int counter);

            [Traced]
            public partial double Trace(in Matrix matrix, params int[] weights);

            [Traced]
            public partial int CountVowels(scoped ReadOnlySpan<char> text);

            [Traced]
            public partial double Scale(ref readonly double factor);

            private int DivideCore(int dividend, int divisor, out int remainder)
            {
                remainder = dividend % divisor;
                return dividend / divisor;
            }

            private void BumpCore(ref int counter) => counter++;

            private double TraceCore(in Matrix matrix, params int[] weights) => matrix.M11 * weights.Length;

            private int CountVowelsCore(scoped ReadOnlySpan<char> text) => text.IndexOfAny("aeiou");

            private double ScaleCore(ref readonly double factor) => factor * 2;
        }
        """);

    [Test]
    public void DefaultValuesAndNullableAnnotations() => Verify("""
        namespace Demo;

        public enum Tone { Plain, Friendly }

        public partial class Greeter
        {
            [Traced]
            public partial string Greet(string? name = null, int times = 1, Tone tone = Tone.Friendly, List<string?>? extra = null);

            private string GreetCore(string? name, int times, Tone tone, List<string?>? extra) => string.Concat(Enumerable.Repeat(name ?? "you", times));
        }
        """.Replace("Enumerable.Repeat", "System.Linq.Enumerable.Repeat"));

    [Test]
    public void ParameterAttributes() => Verify("""
        namespace Demo;

        public partial class Auth
        {
            [Traced]
            public partial Task<bool> LoginAsync(
                string user,
                [Redact] string password,
                [NotTraced] byte[] avatar,
                [AsMetadata] string region,
                [AsMetadata("tenant")] string tenantId,
                CancellationToken cancellationToken);

            private Task<bool> LoginAsyncCore(string user, string password, byte[] avatar, string region, string tenantId, CancellationToken cancellationToken) =>
                Task.FromResult(password.Length > 0);
        }
        """);

    [Test]
    public void ExtensionMethods() => Verify("""
        namespace Demo;

        public static partial class TextExtensions
        {
            [Traced]
            public static partial string Shout(this string text, int volume = 1);

            private static string ShoutCore(this string text, int volume) => text.ToUpperInvariant() + new string('!', volume);
        }
        """);

    [Test]
    public void CustomImplementationName() => Verify("""
        namespace Demo;

        public partial class Summarizer
        {
            [Traced(Implementation = nameof(SummarizeWithModel))]
            public partial string Summarize(string text);

            private string SummarizeWithModel(string text) => text.Substring(0, Math.Min(10, text.Length));
        }
        """);

    [Test]
    public void CaptureSwitchesOff() => Verify("""
        namespace Demo;

        public partial class Vault
        {
            [Traced(CaptureInput = false)]
            public partial string Encrypt(string secret);

            [Traced(CaptureOutput = false)]
            public partial string Decrypt(string cipher);

            [Traced(CaptureOutput = false)]
            public partial Task<string> FetchKeyAsync(string name);

            [Traced(CaptureOutput = false)]
            public partial ValueTask<string> RotateAsync(string name);

            [Traced(CaptureOutput = false)]
            public partial int TryOpen(string name, out string handle);

            private string EncryptCore(string secret) => secret;

            private string DecryptCore(string cipher) => cipher;

            private Task<string> FetchKeyAsyncCore(string name) => Task.FromResult(name);

            private ValueTask<string> RotateAsyncCore(string name) => new(name);

            private int TryOpenCore(string name, out string handle)
            {
                handle = name;
                return 1;
            }
        }
        """);

    [Test]
    public void OverloadsAndKeywordNames() => Verify("""
        namespace Demo;

        public partial class @event
        {
            [Traced]
            public partial int Add(int a, int b);

            [Traced]
            public partial double Add(double a, double b);

            [Traced]
            public partial string @return(string @class);

            private int AddCore(int a, int b) => a + b;

            private double AddCore(double a, double b) => a + b;

            private string returnCore(string @class) => @class;
        }
        """);

    [Test]
    public void OneFilePerContainingType() => Verify("""
        namespace Demo;

        public partial class First
        {
            [Traced]
            public partial void A();

            private void ACore() { }
        }

        public partial class Second
        {
            [Traced]
            public partial void B();

            private void BCore() { }

            public partial class Third
            {
                [Traced]
                public partial void C();

                private void CCore() { }
            }
        }
        """);
    [Test]
    public void InterfaceMembers() => Verify("""
        namespace Demo;

        public partial interface IGreeter
        {
            [Traced]
            public static partial string Greet(string name);

            [Traced]
            public partial string Hello(string name);

            private static string GreetCore(string name) => "Hi " + name;

            private string HelloCore(string name) => "Hello " + name;
        }
        """);

    [Test]
    public void VirtualOverrideAndNewMethods() => Verify("""
        namespace Demo;

        public partial class Model
        {
            [Traced]
            public virtual partial string Complete(string prompt);

            [Traced]
            protected internal partial int Tokens(string text);

            protected virtual string CompleteCore(string prompt) => prompt;

            private int TokensCore(string text) => text.Length;
        }

        public partial class FastModel : Model
        {
            [Traced("fast_complete")]
            public override partial string Complete(string prompt);

            [Traced]
            public new partial int GetHashCode();

            protected override string CompleteCore(string prompt) => prompt + "!";

            private int GetHashCodeCore() => 7;
        }
        """);

    [Test]
    public void NullableObliviousFileAndTupleNames() => Verify("""
        #nullable disable
        namespace Demo;

        public partial class Legacy
        {
            [Traced]
            public partial (int Count, string Name) Describe(string text, object state);

            private (int Count, string Name) DescribeCore(string text, object state) => (text.Length, text);
        }
        """);

    [Test]
    public void RefStructMembers() => Verify("""
        namespace Demo;

        public ref partial struct Reader
        {
            private ReadOnlySpan<byte> _buffer;

            public Reader(ReadOnlySpan<byte> buffer) => _buffer = buffer;

            [Traced]
            public partial int ReadByte(int offset);

            [Traced]
            public static partial int Sum(params ReadOnlySpan<int> values);

            [Traced]
            public partial ReadOnlySpan<byte> Slice(int start);

            private int ReadByteCore(int offset) => _buffer[offset];

            private ReadOnlySpan<byte> SliceCore(int start) => _buffer.Slice(start);

            private static int SumCore(params ReadOnlySpan<int> values)
            {
                var total = 0;
                foreach (var value in values)
                {
                    total += value;
                }

                return total;
            }
        }
        """);
    [Test]
    public void ParameterNamesThatCollideWithGeneratedLocals() => Verify("""
        namespace Demo;

        public partial class Collisions
        {
            [Traced]
            public partial int Sum(int __scope, int __result, int __exception);

            [Traced(CaptureOutput = false)]
            public partial Task<int> LaterAsync(int __task, int tracing);

            private int SumCore(int __scope, int __result, int __exception) => __scope + __result + __exception;

            private Task<int> LaterAsyncCore(int __task, int tracing) => Task.FromResult(__task + tracing);
        }
        """);
}

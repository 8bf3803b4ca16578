using Braintrust.Traced.Analyzers.Analyzers;
using Braintrust.Traced.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;

namespace Braintrust.Traced.Analyzers.Tests;

/// <summary>BTT005: shapes the generated body cannot wrap, each with its explanation.</summary>
public sealed class UnsupportedShapeTests
{
    private static Task AnalyzeAsync(string source, params DiagnosticResult[] expected) =>
        Verify<TracedDeclarationAnalyzer>.AnalyzerAsync(source, expected);

    private static DiagnosticResult Unsupported(string name, string reason) =>
        Verify<TracedDeclarationAnalyzer>.Diagnostic("BTT005").WithLocation(0).WithArguments(name, reason);

    [Test]
    public async Task FileLocalTypeIsExplained()
    {
        await AnalyzeAsync(
            """
            using Braintrust.Traced;

            file partial class Helper
            {
                [Traced]
                public partial int {|#0:{|CS8795:Run|}|}(int value);

                private int RunCore(int value) => value;
            }
            """,
            Unsupported("Run", "'Helper' is a file-local type, which the generated file cannot extend; remove 'file' or move the method to another type"));
    }

    [Test]
    public async Task SequenceWithoutCapturedOutputIsSupported()
    {
        // The runtime counts the items of such a sequence without recording them.
        await AnalyzeAsync(
            """
            using System.Collections.Generic;
            using Braintrust.Traced;

            public partial class Feed
            {
                [Traced(CaptureOutput = false)]
                public partial IEnumerable<string> Items();

                private IEnumerable<string> ItemsCore() => new[] { "a" };
            }
            """);
    }

    [Test]
    public async Task RefReturnIsExplained()
    {
        await AnalyzeAsync(
            """
            using Braintrust.Traced;

            public partial class Store
            {
                private int value;

                [Traced]
                public partial ref int {|#0:Slot|}();

                private ref int SlotCore() => ref value;
            }
            """,
            Unsupported("Slot", "a 'ref' return cannot be forwarded through the span that records the result; return the value instead"));
    }

    [Test]
    public async Task AbstractInterfaceAndExternMembersAreExplained()
    {
        await AnalyzeAsync(
            """
            using System.Runtime.InteropServices;
            using Braintrust.Traced;

            public interface IClassifier
            {
                [Traced]
                string {|#0:Classify|}(string text);
            }

            public abstract partial class Base
            {
                [Traced]
                public abstract int {|#1:Run|}(int value);

                [Traced]
                [DllImport("libc")]
                public static extern int {|#2:getpid|}();
            }
            """,
            Unsupported("Classify", "an interface member has no body of its own to trace; put [Traced] on the implementing class's method"),
            Verify<TracedDeclarationAnalyzer>.Diagnostic("BTT005").WithLocation(1).WithArguments("Run", "an abstract method has no body to trace; put [Traced] on the overriding method"),
            Verify<TracedDeclarationAnalyzer>.Diagnostic("BTT005").WithLocation(2).WithArguments("getpid", "an extern method's body is not C#, so the generator cannot supply it"));
    }

    [Test]
    public async Task OperatorsAndAccessorsAreExplained()
    {
        await AnalyzeAsync(
            """
            using Braintrust.Traced;

            public partial struct Money
            {
                public int Cents;

                [Traced]
                public static Money operator {|#0:+|}(Money left, Money right) => new Money { Cents = left.Cents + right.Cents };

                public int Dollars
                {
                    [Traced]
                    {|#1:get|} => Cents / 100;
                }
            }
            """,
            Unsupported("op_Addition", "operators and conversions cannot be partial, so the generator cannot supply their body; trace a method the operator calls instead"),
            Verify<TracedDeclarationAnalyzer>.Diagnostic("BTT005").WithLocation(1).WithArguments("get_Dollars", "accessors cannot be partial methods; trace a method the accessor calls instead"));
    }

    [Test]
    public async Task LocalFunctionsAndLambdasAreExplained()
    {
        await AnalyzeAsync(
            """
            using System;
            using Braintrust.Traced;

            public partial class Worker
            {
                public int Run(int value)
                {
                    [Traced]
                    int {|#0:Twice|}(int x) => x * 2;

                    Func<int, int> square = [{|#1:Traced|}] (int x) => x * x;
                    return Twice(square(value));
                }
            }
            """,
            Unsupported("Twice", "a local function cannot be partial, so the generator cannot wrap it; move it into a partial method of the type"),
            Verify<TracedDeclarationAnalyzer>.Diagnostic("BTT005").WithLocation(1).WithArguments("lambda", "a lambda has no declaration the generator can complete; call a [Traced] method from the lambda instead"));
    }

    [Test]
    public async Task AsyncVoidMethodIsExplainedNextToTheBodyProblem()
    {
        await AnalyzeAsync(
            """
            using System.Threading.Tasks;
            using Braintrust.Traced;

            public partial class Worker
            {
                [Traced]
                public async void {|#0:{|BTT001:Fire|}|}() => await Task.Yield();
            }
            """,
            Unsupported("Fire", "an 'async void' method cannot be awaited, so its span would end before its work does; return Task instead"));
    }

    [Test]
    public async Task SupportedShapesAreFine()
    {
        await AnalyzeAsync(
            """
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;
            using Braintrust.Traced;

            public partial class Worker
            {
                [Traced]
                public partial ValueTask<int> CountAsync(string text, CancellationToken cancellationToken);

                private ValueTask<int> CountAsyncCore(string text, CancellationToken cancellationToken) => new(text.Length);

                [Traced]
                public partial IAsyncEnumerable<int> StreamAsync(int count);

                private async IAsyncEnumerable<int> StreamAsyncCore(int count)
                {
                    for (var i = 0; i < count; i++)
                    {
                        await Task.Yield();
                        yield return i;
                    }
                }

                [Traced]
                public partial bool TryParse(string text, out int value);

                private bool TryParseCore(string text, out int value) => int.TryParse(text, out value);

                [Traced]
                internal static partial void Log(params string[] lines);

                private static void LogCore(params string[] lines)
                {
                }

                [Traced]
                public virtual partial T Echo<T>(T value) where T : notnull;

                private T EchoCore<T>(T value) where T : notnull => value;

                // Ref structs are passed through unrecorded (BTT006 speaks about such parameters).
                [Traced]
                public partial System.Span<byte> Slice(byte[] buffer);

                private System.Span<byte> SliceCore(byte[] buffer) => buffer;
            }
            """);
    }
}

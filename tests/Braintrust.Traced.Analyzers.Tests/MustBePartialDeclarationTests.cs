using Braintrust.Traced.Analyzers.Analyzers;
using Braintrust.Traced.Analyzers.CodeFixes;
using Braintrust.Traced.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;

namespace Braintrust.Traced.Analyzers.Tests;

/// <summary>BTT001: [Traced] on a method with a body, or not partial.</summary>
public sealed class MustBePartialDeclarationTests
{
    private static Task FixAsync(string source, string fixedSource, params DiagnosticResult[] expected) =>
        Verify<TracedDeclarationAnalyzer>.CodeFixAsync<MakeTracedMethodPartialCodeFixProvider>(source, fixedSource, expected: expected);

    [Test]
    public async Task MethodWithBlockBodyBecomesDeclarationAndBodyMovesIntoCoreKeepingCommentsAndLayout()
    {
        await FixAsync(
            """
            using System.Threading.Tasks;
            using Braintrust.Traced;

            public partial class Classifier
            {
                /// <summary>Classifies a text.</summary>
                [Traced("classify")]
                public async Task<string> {|#0:ClassifyAsync|}(string text)
                {
                    // the real work
                    await Task.Yield();
                    return text.ToUpperInvariant(); // shout
                }

                public int Other() => 1;
            }
            """,
            """
            using System.Threading.Tasks;
            using Braintrust.Traced;

            public partial class Classifier
            {
                /// <summary>Classifies a text.</summary>
                [Traced("classify")]
                public partial Task<string> ClassifyAsync(string text);

                private async Task<string> ClassifyAsyncCore(string text)
                {
                    // the real work
                    await Task.Yield();
                    return text.ToUpperInvariant(); // shout
                }

                public int Other() => 1;
            }
            """,
            Verify<TracedDeclarationAnalyzer>.Diagnostic("BTT001").WithLocation(0).WithArguments("ClassifyAsync", "ClassifyAsyncCore"));
    }

    [Test]
    public async Task ExpressionBodiedStaticMethodWithoutAccessibilityGetsPrivateAndTheCoreDropsTracingAttributesAndThis()
    {
        await FixAsync(
            """
            using Braintrust.Traced;

            public static partial class TextTools
            {
                [Traced]
                static int {|BTT001:Count|}(this string text, [NotTraced] int offset) => text.Length - offset;
            }
            """,
            """
            using Braintrust.Traced;

            public static partial class TextTools
            {
                [Traced]
                private static partial int Count(this string text, [NotTraced] int offset);

                private static int CountCore(string text, int offset) => text.Length - offset;
            }
            """);
    }

    [Test]
    public async Task MethodWithoutModifiersKeepsItsDocCommentAndIndentationWhenPrivateIsAdded()
    {
        await FixAsync(
            """
            using Braintrust.Traced;

            public partial class Worker
            {
                /// <summary>Runs.</summary>
                [Traced]
                int {|BTT001:Run|}(int value) { return value; } // trailing note
            }
            """,
            """
            using Braintrust.Traced;

            public partial class Worker
            {
                /// <summary>Runs.</summary>
                [Traced]
                private partial int Run(int value); // trailing note

                private int RunCore(int value) { return value; } // trailing note
            }
            """);
    }

    [Test]
    public async Task BodyMovesIntoTheMethodNamedByImplementation()
    {
        await FixAsync(
            """
            using Braintrust.Traced;

            public partial class Worker
            {
                [Traced(Implementation = "RunInner")]
                public int {|BTT001:Run|}(int value)
                {
                    return value * 2;
                }
            }
            """,
            """
            using Braintrust.Traced;

            public partial class Worker
            {
                [Traced(Implementation = "RunInner")]
                public partial int Run(int value);

                private int RunInner(int value)
                {
                    return value * 2;
                }
            }
            """);
    }

    [Test]
    public async Task NonPartialMethodWithoutBodyOnlyGainsPartial()
    {
        await FixAsync(
            """
            using Braintrust.Traced;

            public partial class Worker
            {
                [Traced]
                public int {|BTT001:{|CS0501:Run|}|}(int value);

                private int RunCore(int value) => value;
            }
            """,
            """
            using Braintrust.Traced;

            public partial class Worker
            {
                [Traced]
                public partial int Run(int value);

                private int RunCore(int value) => value;
            }
            """);
    }

    [Test]
    public async Task FixAllConvertsEveryTracedMethodOfTheDocument()
    {
        await FixAsync(
            """
            using Braintrust.Traced;

            public partial class Worker
            {
                [Traced]
                public int {|BTT001:First|}(int value) => value;

                [Traced]
                public string {|BTT001:Second|}(string text) => text;
            }
            """,
            """
            using Braintrust.Traced;

            public partial class Worker
            {
                [Traced]
                public partial int First(int value);

                private int FirstCore(int value) => value;

                [Traced]
                public partial string Second(string text);

                private string SecondCore(string text) => text;
            }
            """);
    }

    [Test]
    public async Task NoFixWhenTheImplementationNameIsAlreadyTaken()
    {
        const string source = """
            using Braintrust.Traced;

            public partial class Worker
            {
                [Traced]
                public int {|BTT001:Run|}(int value) => value;

                private int RunCore(int value) => value + 1;
            }
            """;
        await FixAsync(source, source);
    }

    [Test]
    public async Task TracedOnTheBodyOfAnExistingPartialMethodIsReportedWithoutAFix()
    {
        const string source = """
            using Braintrust.Traced;

            public partial class Worker
            {
                public partial int {|BTT001:Run|}(int value);

                [Traced]
                public partial int Run(int value) => value;
            }
            """;
        await FixAsync(source, source);
    }

    [Test]
    public async Task PartialDeclarationWithoutBodyIsFine()
    {
        await Verify<TracedDeclarationAnalyzer>.AnalyzerAsync(
            """
            using System.Threading;
            using System.Threading.Tasks;
            using Braintrust.Traced;

            public partial class Classifier
            {
                [Traced("classify", Type = SpanType.Tool)]
                public partial Task<string> ClassifyAsync(string text, CancellationToken cancellationToken = default);

                private async Task<string> ClassifyAsyncCore(string text, CancellationToken cancellationToken)
                {
                    await Task.Delay(1, cancellationToken);
                    return text;
                }

                public int NotTraced(int value) => value;
            }
            """);
    }
}

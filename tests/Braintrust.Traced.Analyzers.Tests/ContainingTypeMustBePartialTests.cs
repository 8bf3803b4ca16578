using Braintrust.Traced.Analyzers.Analyzers;
using Braintrust.Traced.Analyzers.CodeFixes;
using Braintrust.Traced.Analyzers.Tests.Infrastructure;

namespace Braintrust.Traced.Analyzers.Tests;

/// <summary>BTT002: every type around a [Traced] method must be partial.</summary>
public sealed class ContainingTypeMustBePartialTests
{
    private static Task FixAsync(string source, string fixedSource) =>
        Verify<TracedDeclarationAnalyzer>.CodeFixAsync<MakeContainingTypesPartialCodeFixProvider>(source, fixedSource);

    // In the sources below the compiler's own errors (CS0751 partial member outside a partial type, CS8795 no
    // implementation part) appear next to BTT002, exactly as a user sees them; BTT002 is the one that explains.
    [Test]
    public async Task MessageNamesEveryNonPartialTypeOutermostFirst()
    {
        await Verify<TracedDeclarationAnalyzer>.AnalyzerAsync(
            """
            using Braintrust.Traced;

            public class Outer
            {
                public partial class Middle
                {
                    internal class Inner
                    {
                        [Traced]
                        public partial int {|#0:{|CS0751:{|CS8795:Run|}|}|}(int value);

                        private int RunCore(int value) => value;
                    }
                }
            }
            """,
            Verify<TracedDeclarationAnalyzer>.Diagnostic("BTT002").WithLocation(0).WithArguments("Run", "types 'Outer' and 'Inner'"));
    }

    [Test]
    public async Task FixAddsPartialBeforeTheKeywordKeepingDocCommentsAttributesAndOtherModifiers()
    {
        await FixAsync(
            """
            using System;
            using Braintrust.Traced;

            namespace App;

            /// <summary>The outer type.</summary>
            [Serializable]
            class Outer
            {
                public sealed class Inner // a comment
                {
                    [Traced]
                    public partial int {|BTT002:{|CS0751:{|CS8795:Run|}|}|}(int value);

                    private int RunCore(int value) => value;
                }
            }
            """,
            """
            using System;
            using Braintrust.Traced;

            namespace App;

            /// <summary>The outer type.</summary>
            [Serializable]
            partial class Outer
            {
                public sealed partial class Inner // a comment
                {
                    [Traced]
                    public partial int Run(int value);

                    private int RunCore(int value) => value;
                }
            }
            """);
    }

    [Test]
    public async Task RecordStructsAndStaticClassesGetPartialToo()
    {
        await FixAsync(
            """
            using Braintrust.Traced;

            public readonly record struct Point(int X, int Y)
            {
                [Traced]
                public partial int {|BTT002:{|CS0751:{|CS8795:Sum|}|}|}();

                private int SumCore() => X + Y;
            }

            public static class Tools
            {
                [Traced]
                public static partial int {|BTT002:{|CS0751:{|CS8795:Twice|}|}|}(int value);

                private static int TwiceCore(int value) => value * 2;
            }
            """,
            """
            using Braintrust.Traced;

            public readonly partial record struct Point(int X, int Y)
            {
                [Traced]
                public partial int Sum();

                private int SumCore() => X + Y;
            }

            public static partial class Tools
            {
                [Traced]
                public static partial int Twice(int value);

                private static int TwiceCore(int value) => value * 2;
            }
            """);
    }

    [Test]
    public async Task FixAllAddsPartialOnceWhenSeveralTracedMethodsShareAType()
    {
        await FixAsync(
            """
            using Braintrust.Traced;

            public class Outer
            {
                public class Worker
                {
                    [Traced]
                    public partial int {|BTT002:{|CS0751:{|CS8795:First|}|}|}(int value);

                    [Traced]
                    public partial int {|BTT002:{|CS0751:{|CS8795:Second|}|}|}(int value);

                    private int FirstCore(int value) => value;

                    private int SecondCore(int value) => value;
                }
            }
            """,
            """
            using Braintrust.Traced;

            public partial class Outer
            {
                public partial class Worker
                {
                    [Traced]
                    public partial int First(int value);

                    [Traced]
                    public partial int Second(int value);

                    private int FirstCore(int value) => value;

                    private int SecondCore(int value) => value;
                }
            }
            """);
    }

    [Test]
    public async Task FixAllInProjectAndSolutionCoversEveryDocument()
    {
        var test = new TracedAnalyzerTest<TracedDeclarationAnalyzer, MakeContainingTypesPartialCodeFixProvider>();
        test.TestState.Sources.Add("""
            using Braintrust.Traced;

            public class First
            {
                [Traced]
                public partial int {|BTT002:{|CS0751:{|CS8795:Run|}|}|}(int value);

                private int RunCore(int value) => value;
            }
            """);
        test.TestState.Sources.Add("""
            using Braintrust.Traced;

            public class Second
            {
                [Traced]
                public partial int {|BTT002:{|CS0751:{|CS8795:Run|}|}|}(int value);

                private int RunCore(int value) => value;
            }
            """);
        test.FixedState.Sources.Add("""
            using Braintrust.Traced;

            public partial class First
            {
                [Traced]
                public partial int Run(int value);

                private int RunCore(int value) => value;
            }
            """);
        test.FixedState.Sources.Add("""
            using Braintrust.Traced;

            public partial class Second
            {
                [Traced]
                public partial int Run(int value);

                private int RunCore(int value) => value;
            }
            """);
        await test.RunAsync();
    }

    [Test]
    public async Task PartialTypesAtEveryLevelAreFine()
    {
        await Verify<TracedDeclarationAnalyzer>.AnalyzerAsync(
            """
            using Braintrust.Traced;

            public partial class Outer
            {
                private partial struct Inner
                {
                    [Traced]
                    public partial int Run(int value);

                    private int RunCore(int value) => value;
                }
            }
            """);
    }
}

using Braintrust.Traced.Analyzers.Analyzers;
using Braintrust.Traced.Analyzers.CodeFixes;
using Braintrust.Traced.Analyzers.Tests.Infrastructure;

namespace Braintrust.Traced.Analyzers.Tests;

/// <summary>BTT003 (missing), BTT004 (signature differs), BTT012 (invalid name) and async void implementations (BTT005).</summary>
public sealed class ImplementationTests
{
    private static Task AnalyzeAsync(string source, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected) =>
        Verify<TracedImplementationAnalyzer>.AnalyzerAsync(source, expected);

    private static Microsoft.CodeAnalysis.Testing.DiagnosticResult Diagnostic(string id) => Verify<TracedImplementationAnalyzer>.Diagnostic(id);

    private static Task FixAsync(string source, string fixedSource) =>
        Verify<TracedImplementationAnalyzer>.CodeFixAsync<GenerateImplementationCodeFixProvider>(source, fixedSource);

    [Test]
    public async Task MissingImplementationIsReportedWithItsExpectedName()
    {
        await AnalyzeAsync(
            """
            using Braintrust.Traced;

            public partial class Worker
            {
                [Traced]
                public partial int {|#0:Run|}(int value);
            }
            """,
            Diagnostic("BTT003").WithLocation(0).WithArguments("Run", "RunCore", "Worker"));
    }

    [Test]
    public async Task FixGeneratesTheImplementationWithTheSameSignatureAndAThrowingBody()
    {
        await FixAsync(
            """
            using System.Collections.Generic;
            using Braintrust.Traced;

            public static partial class Tools
            {
                /// <summary>Finds things.</summary>
                [Traced]
                internal static partial bool {|BTT003:TryFind|}<T>(this IReadOnlyList<T> items, [Redact] string key, ref int start, out T? found)
                    where T : class, new();
            }
            """,
            """
            using System.Collections.Generic;
            using Braintrust.Traced;

            public static partial class Tools
            {
                /// <summary>Finds things.</summary>
                [Traced]
                internal static partial bool TryFind<T>(this IReadOnlyList<T> items, [Redact] string key, ref int start, out T? found)
                    where T : class, new();

                private static bool TryFindCore<T>(IReadOnlyList<T> items, string key, ref int start, out T? found)
                    where T : class, new()
                {
                    throw new global::System.NotImplementedException();
                }
            }
            """);
    }

    [Test]
    public async Task FixFollowsTabIndentationAndCrlfLineEndingsOfTheFileInAGenericType()
    {
        var source = "using Braintrust.Traced;\r\n\r\npublic partial class Repository<TItem>\r\n{\r\n\t[Traced]\r\n\tpublic partial TItem {|BTT003:Get|}(int id);\r\n}\r\n";
        var fixedSource = "using Braintrust.Traced;\r\n\r\npublic partial class Repository<TItem>\r\n{\r\n\t[Traced]\r\n\tpublic partial TItem Get(int id);\r\n\r\n\tprivate TItem GetCore(int id)\r\n\t{\r\n\t\tthrow new global::System.NotImplementedException();\r\n\t}\r\n}\r\n";
        await FixAsync(source, fixedSource);
    }

    [Test]
    public async Task FixAllGeneratesEveryMissingImplementationUnderTheNameImplementationGives()
    {
        await FixAsync(
            """
            using System.Threading.Tasks;
            using Braintrust.Traced;

            public partial class Worker
            {
                [Traced(Implementation = "Execute")]
                public partial Task<int> {|BTT003:RunAsync|}(int value);

                [Traced]
                public partial void {|BTT003:Stop|}();
            }
            """,
            """
            using System.Threading.Tasks;
            using Braintrust.Traced;

            public partial class Worker
            {
                [Traced(Implementation = "Execute")]
                public partial Task<int> RunAsync(int value);

                private Task<int> Execute(int value)
                {
                    throw new global::System.NotImplementedException();
                }

                [Traced]
                public partial void Stop();

                private void StopCore()
                {
                    throw new global::System.NotImplementedException();
                }
            }
            """);
    }

    [Test]
    public async Task MatchingImplementationsAreFineIncludingRenamedTypeParameters()
    {
        await AnalyzeAsync(
            """
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using Braintrust.Traced;

            public partial class Worker
            {
                [Traced]
                public partial Task<IList<T>> LoadAsync<T>(T seed, in int count, ref string cursor) where T : notnull;

                private Task<IList<U>> LoadAsyncCore<U>(U seed, in int count, ref string cursor) where U : notnull =>
                    Task.FromResult<IList<U>>(new List<U> { seed });

                [Traced]
                public static partial IEnumerable<int> Numbers(int count);

                private static IEnumerable<int> NumbersCore(int count)
                {
                    for (var i = 0; i < count; i++)
                    {
                        yield return i;
                    }
                }

                // An unrelated overload does not hide the matching one.
                private int NumbersCore(string text) => text.Length;

                // A static implementation serves an instance method, and 'in' meets 'ref readonly': both calls compile.
                [Traced]
                public partial int Measure(in int size, ref readonly int limit);

                private static int MeasureCore(ref readonly int size, in int limit) => size + limit;
            }
            """);
    }

    [TestCase("private long {|#1:RunCore|}(int value) => value;", "it returns 'long' but 'Run' returns 'int'")]
    [TestCase("private int {|#1:RunCore|}(long value) => (int)value;", "parameter 1 ('value') is 'long' but 'int' in 'Run'")]
    [TestCase("private int {|#1:RunCore|}(ref int value) => value;", "parameter 1 ('value') is passed 'ref' but by value in 'Run'")]
    [TestCase("private int {|#1:RunCore|}(int value, int other) => value;", "it has 2 parameters but 'Run' has 1")]
    [TestCase("private int {|#1:RunCore|}<T>(int value) => value;", "it has 1 type parameter but 'Run' has 0")]
    [TestCase("private long {|#1:RunCore|}(ref long value) => value;", "parameter 1 ('value') is passed 'ref' but by value in 'Run'; parameter 1 ('value') is 'long' but 'int' in 'Run'; it returns 'long' but 'Run' returns 'int'")]
    public async Task SignatureDifferencesAreNamed(string implementation, string difference)
    {
        await AnalyzeAsync(
            $$"""
            using Braintrust.Traced;

            public partial class Worker
            {
                [Traced]
                public partial int {|#0:Run|}(int value);

                {{implementation}}
            }
            """,
            Diagnostic("BTT004").WithLocation(0).WithLocation(1).WithArguments("RunCore", "Run", difference));
    }

    [Test]
    public async Task InstanceImplementationOfAStaticMethodIsNamed()
    {
        await AnalyzeAsync(
            """
            using Braintrust.Traced;

            public partial class Worker
            {
                [Traced]
                public static partial int {|#0:Run|}(int value);

                private int {|#1:RunCore|}(int value) => value;
            }
            """,
            Diagnostic("BTT004").WithLocation(0).WithLocation(1).WithArguments("RunCore", "Run", "it is not static but 'Run' is"));
    }

    [Test]
    public async Task DifferentGenericConstraintsAreNamed()
    {
        await AnalyzeAsync(
            """
            using Braintrust.Traced;

            public partial class Worker
            {
                [Traced]
                public partial T {|#0:Echo|}<T>(T value) where T : class;

                private T {|#1:EchoCore|}<T>(T value) where T : struct => value;
            }
            """,
            Diagnostic("BTT004").WithLocation(0).WithLocation(1).WithArguments("EchoCore", "Echo", "the constraints on type parameter 'T' differ from those on 'T' of 'Echo'"));
    }

    [TestCase("\"\"", "is empty; name the method holding the body, or remove Implementation to use 'RunCore'")]
    [TestCase("\"Run Fast\"", "'Run Fast' is not a valid C# method name")]
    [TestCase("nameof(Run)", "names the [Traced] method itself, which would call itself forever; name the method holding the body (by default 'RunCore')")]
    public async Task InvalidImplementationNamesAreReported(string implementation, string problem)
    {
        await AnalyzeAsync(
            $$"""
            using Braintrust.Traced;

            public partial class Worker
            {
                [Traced({|#0:Implementation = {{implementation}}|})]
                public partial int Run(int value);
            }
            """,
            Diagnostic("BTT012").WithLocation(0).WithArguments("Run", problem));
    }

    [Test]
    public async Task AsyncVoidImplementationOfAVoidMethodIsUnsupported()
    {
        await AnalyzeAsync(
            """
            using System.Threading.Tasks;
            using Braintrust.Traced;

            public partial class Worker
            {
                [Traced]
                public partial void {|#0:Fire|}();

                private async void {|#1:FireCore|}() => await Task.Yield();
            }
            """,
            Diagnostic("BTT005").WithLocation(0).WithLocation(1).WithArguments(
                "Fire",
                "its implementation 'FireCore' is an 'async void' method cannot be awaited, so its span would end before its work does; return Task instead"));
    }
}

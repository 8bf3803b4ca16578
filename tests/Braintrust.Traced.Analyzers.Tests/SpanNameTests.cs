using Braintrust.Traced.Analyzers.Analyzers;
using Braintrust.Traced.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;

namespace Braintrust.Traced.Analyzers.Tests;

/// <summary>BTT008 (invalid explicit span name) and BTT009 (explicit name used twice in a type).</summary>
public sealed class SpanNameTests
{
    private static DiagnosticResult Diagnostic(string id) => Verify<TracedSpanNameAnalyzer>.Diagnostic(id);

    private static string Source(string name) =>
        $$"""
        using Braintrust.Traced;

        public partial class Worker
        {
            [Traced({|#0:{{name}}|})]
            public partial int Run(int value);

            private int RunCore(int value) => value;
        }
        """;

    [Test]
    public async Task EmptyNameIsReported()
    {
        await Verify<TracedSpanNameAnalyzer>.AnalyzerAsync(
            Source("\"\""),
            Diagnostic("BTT008").WithLocation(0).WithArguments("Run", "is empty; pass a name, or use [Traced] without one to let the naming policy decide"));
    }

    [Test]
    public async Task WhitespaceNameIsReported()
    {
        await Verify<TracedSpanNameAnalyzer>.AnalyzerAsync(
            Source("\" \\t\""),
            Diagnostic("BTT008").WithLocation(0).WithArguments("Run", "is only whitespace; pass a visible name, or use [Traced] without one to let the naming policy decide"));
    }

    [Test]
    public async Task NameLongerThan256CharactersIsReportedWithItsLength()
    {
        await Verify<TracedSpanNameAnalyzer>.AnalyzerAsync(
            Source("\"" + new string('a', 257) + "\""),
            Diagnostic("BTT008").WithLocation(0).WithArguments("Run", "is 257 characters long; the limit is 256"));
    }

    [Test]
    public async Task NamesUpTo256CharactersAndConstantsAreFine()
    {
        await Verify<TracedSpanNameAnalyzer>.AnalyzerAsync(Source("\"" + new string('a', 256) + "\""));
        await Verify<TracedSpanNameAnalyzer>.AnalyzerAsync(Source("nameof(Worker) + \".run\""));
    }

    [Test]
    public async Task SecondUseOfANameInOneTypeIsReportedEvenAcrossPartialFiles()
    {
        var test = new TracedAnalyzerTest<TracedSpanNameAnalyzer, Microsoft.CodeAnalysis.Testing.EmptyCodeFixProvider>
        {
            TestState =
            {
                Sources =
                {
                    """
                    using Braintrust.Traced;

                    public partial class Worker
                    {
                        [Traced("work")]
                        public partial int Run(int value);

                        private int RunCore(int value) => value;
                    }
                    """,
                    """
                    using Braintrust.Traced;

                    public partial class Worker
                    {
                        [Traced({|#0:"work"|})]
                        public partial int Walk(int value);

                        private int WalkCore(int value) => value;
                    }

                    public partial class Other
                    {
                        // Another type may reuse the name: spans are told apart by their caller.
                        [Traced("work")]
                        public partial int Run(int value);

                        private int RunCore(int value) => value;
                    }
                    """,
                },
                ExpectedDiagnostics = { Diagnostic("BTT009").WithLocation(0).WithArguments("work", "Walk", "Run") },
            },
        };
        await test.RunAsync();
    }

    private static TracedAnalyzerTest<TracedSpanNameAnalyzer, EmptyCodeFixProvider> NamingSettingTest(string configPath, string config) => new()
    {
        TestState =
        {
            Sources =
            {
                """
                using Braintrust.Traced;

                public partial class Worker
                {
                    [Traced]
                    public partial int {|#0:Run|}(int value);

                    // An explicit name does not depend on the settings: nothing to report here.
                    [Traced("walk")]
                    public partial int Walk(int value);

                    private int RunCore(int value) => value;

                    private int WalkCore(int value) => value;
                }
                """,
            },
            AnalyzerConfigFiles = { (configPath, config) },
        },
    };

    [Test]
    public async Task UnknownNamingPolicyPropertyIsReportedOnTheMethodsItNames()
    {
        var test = NamingSettingTest("/.globalconfig", "is_global = true\nbuild_property.BraintrustTracedNamingPolicy = kebab\n");
        test.TestState.ExpectedDiagnostics.Add(Diagnostic("BTT015").WithLocation(0)
            .WithArguments("BraintrustTracedNamingPolicy", "kebab", "use MethodName, TypeAndMethod, SnakeCase", "Run"));
        await test.RunAsync();
    }

    [Test]
    public async Task KeepAsyncSuffixThatIsNotABooleanIsReportedFromEditorConfig()
    {
        var test = NamingSettingTest("/.editorconfig", "root = true\n\n[*.cs]\nbraintrust_traced_keep_async_suffix = sometimes\n");
        test.TestState.ExpectedDiagnostics.Add(Diagnostic("BTT015").WithLocation(0)
            .WithArguments("braintrust_traced_keep_async_suffix", "sometimes", "use true or false", "Run"));
        await test.RunAsync();
    }

    [TestCase("snake_case")]
    [TestCase("TypeAndMethod")]
    [TestCase("methodname")]
    public async Task KnownNamingPoliciesInAnySpellingTheGeneratorAcceptsAreFine(string policy)
    {
        await NamingSettingTest("/.globalconfig", $"is_global = true\nbuild_property.BraintrustTracedNamingPolicy = {policy}\nbuild_property.BraintrustTracedKeepAsyncSuffix = True\n").RunAsync();
    }
}

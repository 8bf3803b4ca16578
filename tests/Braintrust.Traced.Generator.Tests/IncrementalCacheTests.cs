using System.Collections;
using Braintrust.Traced.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Braintrust.Traced.Generator.Tests;

/// <summary>
/// The generator's pipeline caches: an edit that changes no traced method redoes no work downstream of the
/// transform, and a change to one type rewrites only that type's file.
/// </summary>
public sealed class IncrementalCacheTests
{
    private const string ClassifierSource = """
        using Braintrust.Traced;
        namespace Demo;
        public partial class Classifier
        {
            [Traced("classify")]
            public partial int Classify(string text);

            private int ClassifyCore(string text) => text.Length;
        }
        """;

    private const string ScorerSource = """
        using Braintrust.Traced;
        namespace Demo;
        public partial class Scorer
        {
            [Traced]
            public partial double Score(string text);

            private double ScoreCore(string text) => 0.5;
        }
        """;

    private static readonly string[] AllSteps =
    {
        TracedGeneratorStepNames.TracedMethods,
        TracedGeneratorStepNames.Options,
        TracedGeneratorStepNames.NamedMethods,
        TracedGeneratorStepNames.TracedTypes,
    };

    [Test]
    public void AddingAnUnrelatedFileLeavesEveryStepCached()
    {
        var result = RunTwice(
            TestCompilations.Create(("/src/Classifier.cs", ClassifierSource), ("/src/Scorer.cs", ScorerSource)),
            c => c.AddSyntaxTrees(Parse("/src/Other.cs", "namespace Demo; public class Other { public int Value => 42; }")));

        Assert.Multiple(() =>
        {
            foreach (var step in AllSteps)
            {
                Assert.That(Reasons(result, step), Is.Not.Empty.And.All.AnyOf(IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged), step);
            }

            Assert.That(OutputReasons(result), Is.Not.Empty.And.All.AnyOf(IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged));
        });
    }

    [Test]
    public void EditingAnUnrelatedMethodBodyInTheSameFileLeavesEveryStepCached()
    {
        var compilation = TestCompilations.Create(("/src/Classifier.cs", ClassifierSource));
        var result = RunTwice(compilation, c => Replace(c, "/src/Classifier.cs", ClassifierSource.Replace("text.Length", "text.Length * 2", StringComparison.Ordinal)));

        Assert.Multiple(() =>
        {
            foreach (var step in AllSteps)
            {
                Assert.That(Reasons(result, step), Is.Not.Empty.And.All.AnyOf(IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged), step);
            }
        });
    }

    [Test]
    public void ANewTracedMethodRegeneratesOnlyItsType()
    {
        var compilation = TestCompilations.Create(("/src/Classifier.cs", ClassifierSource), ("/src/Scorer.cs", ScorerSource));
        var withNewMethod = ScorerSource.Replace(
            "private double ScoreCore",
            "[Traced] public partial int Rank(string text);\n    private int RankCore(string text) => 1;\n    private double ScoreCore",
            StringComparison.Ordinal);

        var result = RunTwice(compilation, c => Replace(c, "/src/Scorer.cs", withNewMethod));

        var types = result.TrackedSteps[TracedGeneratorStepNames.TracedTypes].SelectMany(s => s.Outputs).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(types.Single(o => HintName(o.Value) == "Demo.Classifier.Traced.g.cs").Reason,
                Is.AnyOf(IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged));
            Assert.That(types.Single(o => HintName(o.Value) == "Demo.Scorer.Traced.g.cs").Reason,
                Is.AnyOf(IncrementalStepRunReason.Modified, IncrementalStepRunReason.New));
            Assert.That(Reasons(result, TracedGeneratorStepNames.TracedMethods), Has.One.EqualTo(IncrementalStepRunReason.New));
        });
    }

    [Test]
    public void ChangingAnAttributeArgumentModifiesTheMethod()
    {
        var compilation = TestCompilations.Create(("/src/Classifier.cs", ClassifierSource));
        var result = RunTwice(compilation, c => Replace(c, "/src/Classifier.cs", ClassifierSource.Replace("[Traced(\"classify\")]", "[Traced(\"classify_v2\")]", StringComparison.Ordinal)));

        Assert.Multiple(() =>
        {
            Assert.That(Reasons(result, TracedGeneratorStepNames.TracedMethods), Is.EqualTo(new[] { IncrementalStepRunReason.Modified }));
            Assert.That(Reasons(result, TracedGeneratorStepNames.TracedTypes), Is.EqualTo(new[] { IncrementalStepRunReason.Modified }));
        });
    }

    [Test]
    public void ChangingTheNamingPolicyRenamesWithoutReparsing()
    {
        var compilation = TestCompilations.Create(("/src/Scorer.cs", ScorerSource));
        var driver = GeneratorRunner.CreateDriver(trackSteps: true).RunGenerators(compilation);
        driver = driver
            .WithUpdatedAnalyzerConfigOptions(new TestAnalyzerConfigOptionsProvider(
                new Dictionary<string, string> { ["build_property.BraintrustTracedNamingPolicy"] = "SnakeCase" },
                new Dictionary<string, IReadOnlyDictionary<string, string>>()))
            .RunGenerators(compilation);
        var result = driver.GetRunResult().Results.Single();

        Assert.Multiple(() =>
        {
            Assert.That(Reasons(result, TracedGeneratorStepNames.TracedMethods), Is.Not.Empty.And.All.AnyOf(IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged));
            Assert.That(Reasons(result, TracedGeneratorStepNames.NamedMethods), Is.EqualTo(new[] { IncrementalStepRunReason.Modified }));
            Assert.That(result.GeneratedSources.Single().SourceText.ToString(), Does.Contain("spanName: \"score\""));
        });
    }

    [Test]
    public void PipelineModelsHoldNoCompilerObjects()
    {
        var result = RunTwice(
            TestCompilations.Create(("/src/Classifier.cs", ClassifierSource), ("/src/Scorer.cs", ScorerSource)),
            c => c);

        foreach (var step in AllSteps)
        {
            foreach (var output in result.TrackedSteps[step].SelectMany(s => s.Outputs))
            {
                AssertHoldsNoCompilerObjects(output.Value, step);
            }
        }
    }

    private static GeneratorRunResult RunTwice(Compilation first, Func<Compilation, Compilation> edit)
    {
        var driver = GeneratorRunner.CreateDriver(trackSteps: true).RunGenerators(first);
        driver = driver.RunGenerators(edit(first));
        return driver.GetRunResult().Results.Single();
    }

    private static IncrementalStepRunReason[] Reasons(GeneratorRunResult result, string stepName) =>
        result.TrackedSteps[stepName].SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();

    private static IncrementalStepRunReason[] OutputReasons(GeneratorRunResult result) =>
        result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();

    private static string? HintName(object value) => value.GetType().GetProperty("HintName")?.GetValue(value) as string;

    private static SyntaxTree Parse(string path, string text) => CSharpSyntaxTree.ParseText(text, TestCompilations.ParseOptions, path);

    private static Compilation Replace(Compilation compilation, string path, string text) =>
        compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.Single(t => t.FilePath == path), Parse(path, text));

    /// <summary>A symbol, syntax node or compilation in a cached model would keep whole compilations alive and break caching.</summary>
    private static void AssertHoldsNoCompilerObjects(object? value, string path, int depth = 0)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || depth > 10)
        {
            return;
        }

        Assert.That(
            value is ISymbol or SyntaxNode or SyntaxTree or Location or Compilation or SemanticModel or AttributeData,
            Is.False,
            $"{path} holds a {value.GetType().Name}");

        if (value is IEnumerable sequence)
        {
            var index = 0;
            foreach (var item in sequence)
            {
                AssertHoldsNoCompilerObjects(item, $"{path}[{index++}]", depth + 1);
            }

            return;
        }

        foreach (var property in value.GetType().GetProperties().Where(p => p.GetIndexParameters().Length == 0))
        {
            AssertHoldsNoCompilerObjects(property.GetValue(value), path + "." + property.Name, depth + 1);
        }
    }
}

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Braintrust.Traced.Generator.Tests.Infrastructure;

/// <summary>Runs <see cref="TracedGenerator"/> over test sources the way the compiler does.</summary>
internal static class GeneratorRunner
{
    public static GeneratorRun Run(string source, AnalyzerConfigOptionsProvider? options = null) =>
        Run(new[] { ("/src/UserCode.cs", source) }, options);

    public static GeneratorRun Run(IReadOnlyList<(string Path, string Text)> sources, AnalyzerConfigOptionsProvider? options = null)
    {
        var compilation = TestCompilations.Create(sources.ToArray());
        var driver = CreateDriver(options);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        var generated = driver.GetRunResult().GeneratedTrees
            .Select(tree => new KeyValuePair<string, string>(Path.GetFileName(tree.FilePath), tree.GetText().ToString()))
            .OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .ToList();
        return new GeneratorRun(generated, output, diagnostics);
    }

    /// <summary>Runs the generator and fails the test unless the output compiles with no errors or warnings.</summary>
    public static GeneratorRun RunAndCompile(string source, AnalyzerConfigOptionsProvider? options = null)
    {
        var run = Run(source, options);
        Assert.That(run.GeneratorDiagnostics, Is.Empty, "the generator reports no diagnostics");
        var problems = run.CompilationProblems();
        Assert.That(problems, Is.Empty, () =>
            "user code plus generated code must compile cleanly:\n" + string.Join("\n", problems)
            + "\n\nGenerated:\n" + string.Join("\n\n", run.GeneratedSources.Select(s => s.Value)));
        return run;
    }

    public static GeneratorDriver CreateDriver(AnalyzerConfigOptionsProvider? options = null, bool trackSteps = false) =>
        CSharpGeneratorDriver.Create(
            new[] { new TracedGenerator().AsSourceGenerator() },
            parseOptions: TestCompilations.ParseOptions,
            optionsProvider: options ?? TestAnalyzerConfigOptionsProvider.Empty,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));
}

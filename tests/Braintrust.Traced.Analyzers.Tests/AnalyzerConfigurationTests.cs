using Braintrust.Traced.Analyzers.Analyzers;
using Braintrust.Traced.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Braintrust.Traced.Analyzers.Tests;

/// <summary>
/// Every analyzer runs concurrently (a large solution must not wait on it), skips generated code (the user cannot
/// fix it) and resolves the Braintrust.Traced symbols once per compilation instead of per symbol.
/// </summary>
public sealed class AnalyzerConfigurationTests
{
    private static IEnumerable<Type> AnalyzerTypes() => typeof(TracedDeclarationAnalyzer).Assembly.GetTypes()
        .Where(type => typeof(DiagnosticAnalyzer).IsAssignableFrom(type) && !type.IsAbstract);

    [TestCaseSource(nameof(AnalyzerTypes))]
    public void AnalyzerIsConcurrentSkipsGeneratedCodeAndStartsPerCompilation(Type analyzerType)
    {
        var analyzer = (DiagnosticAnalyzer)Activator.CreateInstance(analyzerType)!;
        var context = new RecordingAnalysisContext();

        analyzer.Initialize(context);

        Assert.That(context.ConcurrentExecutionEnabled, Is.True);
        Assert.That(context.GeneratedCodeAnalysis, Is.EqualTo(GeneratedCodeAnalysisFlags.None));
        Assert.That(context.CompilationStartActions, Is.EqualTo(1));
        Assert.That(context.OtherActions, Is.Zero, "everything else is registered once the compilation's symbols are resolved");
    }

    [Test]
    public void TheSixAnalyzersAreAllFound()
    {
        Assert.That(AnalyzerTypes().Count(), Is.EqualTo(6));
    }
}

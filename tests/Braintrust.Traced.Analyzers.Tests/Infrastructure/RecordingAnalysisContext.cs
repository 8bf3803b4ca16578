using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Braintrust.Traced.Analyzers.Tests.Infrastructure;

/// <summary>Records how an analyzer configures itself in <see cref="DiagnosticAnalyzer.Initialize"/>.</summary>
internal sealed class RecordingAnalysisContext : AnalysisContext
{
    public bool ConcurrentExecutionEnabled { get; private set; }

    public GeneratedCodeAnalysisFlags? GeneratedCodeAnalysis { get; private set; }

    public int CompilationStartActions { get; private set; }

    public int OtherActions { get; private set; }

    public override void EnableConcurrentExecution() => ConcurrentExecutionEnabled = true;

    public override void ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags analysisMode) => GeneratedCodeAnalysis = analysisMode;

    public override void RegisterCompilationStartAction(Action<CompilationStartAnalysisContext> action) => CompilationStartActions++;

    public override void RegisterCompilationAction(Action<CompilationAnalysisContext> action) => OtherActions++;

    public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => OtherActions++;

    public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) => OtherActions++;

    public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => OtherActions++;

    public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => OtherActions++;

    public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => OtherActions++;

    public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) => OtherActions++;
}

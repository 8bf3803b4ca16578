using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Braintrust.Traced.Analyzers.Tests.Infrastructure;

/// <summary>One-line entry points for the tests: diagnostics only, or a fix (with Fix All checked by the library too).</summary>
internal static class Verify<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static DiagnosticResult Diagnostic(string id) =>
        new(new TAnalyzer().SupportedDiagnostics.Single(descriptor => descriptor.Id == id));

    public static Task AnalyzerAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new TracedAnalyzerTest<TAnalyzer, EmptyCodeFixProvider> { TestCode = source };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    public static Task CodeFixAsync<TCodeFix>(string source, string fixedSource, int? codeActionIndex = null, string? equivalenceKey = null, params DiagnosticResult[] expected)
        where TCodeFix : CodeFixProvider, new()
    {
        var test = new TracedAnalyzerTest<TAnalyzer, TCodeFix>
        {
            TestCode = source,
            FixedCode = fixedSource,
            CodeActionIndex = codeActionIndex,
            CodeActionEquivalenceKey = equivalenceKey,
        };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }
}

using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Braintrust.Traced.Analyzers.Tests.Infrastructure;

/// <summary>An analyzer (and optionally code fix) test compiled against the local framework and the Braintrust.Traced runtime.</summary>
internal sealed class TracedAnalyzerTest<TAnalyzer, TCodeFix> : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public TracedAnalyzerTest()
    {
        ReferenceAssemblies = TestReferences.None;
        TestState.AdditionalReferences.AddRange(TestReferences.All);
        FixedState.AdditionalReferences.AddRange(TestReferences.All);

        // The stand-in's output is an implementation detail of the tests, not something to compare.
        TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
    }

    /// <summary>Completes valid [Traced] declarations the way the real generator would, so every test compiles cleanly.</summary>
    protected override IEnumerable<Type> GetSourceGenerators() => new[] { typeof(GeneratorStandIn) };
}

using Microsoft.CodeAnalysis;

namespace Braintrust.Traced.Generator.Tests.Infrastructure;

/// <summary>The generated files of one run and the compilation that includes them.</summary>
/// <param name="GeneratedSources">Hint name to generated text, ordered by hint name.</param>
/// <param name="OutputCompilation">The user's code plus the generated code.</param>
/// <param name="GeneratorDiagnostics">What the generator itself reported (it should report nothing).</param>
internal sealed record GeneratorRun(
    IReadOnlyList<KeyValuePair<string, string>> GeneratedSources,
    Compilation OutputCompilation,
    IReadOnlyList<Diagnostic> GeneratorDiagnostics)
{
    /// <summary>Errors and warnings of the compiled output, as readable lines.</summary>
    public IReadOnlyList<string> CompilationProblems() =>
        OutputCompilation.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .Select(d => d.ToString())
            .ToList();
}

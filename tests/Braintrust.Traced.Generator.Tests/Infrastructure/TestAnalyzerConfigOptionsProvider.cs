using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Braintrust.Traced.Generator.Tests.Infrastructure;

/// <summary>
/// Project-wide options (<c>build_property.*</c>) plus per-file options keyed by path, the way the compiler merges
/// an .editorconfig section into the options of each file it matches.
/// </summary>
internal sealed class TestAnalyzerConfigOptionsProvider(
    IReadOnlyDictionary<string, string> globalOptions,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> fileOptions) : AnalyzerConfigOptionsProvider
{
    public static TestAnalyzerConfigOptionsProvider Empty { get; } = new(
        new Dictionary<string, string>(), new Dictionary<string, IReadOnlyDictionary<string, string>>());

    public override AnalyzerConfigOptions GlobalOptions { get; } = new TestAnalyzerConfigOptions(globalOptions.ToImmutableDictionary());

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree)
    {
        var merged = globalOptions.ToImmutableDictionary();
        if (fileOptions.TryGetValue(tree.FilePath, out var forFile))
        {
            merged = merged.SetItems(forFile);
        }

        return new TestAnalyzerConfigOptions(merged);
    }

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => TestAnalyzerConfigOptions.Empty;
}

using System;
using System.Collections.Generic;
using System.Linq;
using Braintrust.Traced.Generator.Helpers;
using Braintrust.Traced.Generator.Naming;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Braintrust.Traced.Generator.Options;

/// <summary>
/// Reads the naming settings from MSBuild properties and <c>.editorconfig</c>. Unknown values fall back to the
/// defaults silently: the analyzers report them (BTT015), the generator never does.
/// </summary>
internal static class TracedGeneratorOptionsReader
{
    public static TracedGeneratorOptions Read(Compilation compilation, AnalyzerConfigOptionsProvider provider)
    {
        var project = ReadNaming(provider.GlobalOptions, SpanNamingOptions.Default);
        var overrides = new List<FileNamingOverride>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            // A tree's options include the global ones; only a section that sets a key of its own overrides the project.
            var treeOptions = provider.GetOptions(tree);
            if (!SetsNamingKey(treeOptions))
            {
                continue;
            }

            var naming = ReadNaming(treeOptions, project);
            if (naming != project)
            {
                overrides.Add(new FileNamingOverride(tree.FilePath, naming));
            }
        }

        // Exactly one visible definition: none on older frameworks, and two (a polyfill) would make the name ambiguous.
        var canHide = compilation.GetTypesByMetadataName("System.Diagnostics.StackTraceHiddenAttribute")
            .Count(type => compilation.IsSymbolAccessibleWithin(type, compilation.Assembly)) == 1;
        var pathMap = compilation.Options.SourceReferenceResolver is SourceFileResolver resolver
            ? resolver.PathMap.Select(pair => new PathMapEntry(pair.Key, pair.Value)).ToEquatableArray()
            : EquatableArray<PathMapEntry>.Empty;
        return new TracedGeneratorOptions(project, overrides.ToEquatableArray(), pathMap, canHide);
    }

    private static bool SetsNamingKey(AnalyzerConfigOptions options) =>
        options.TryGetValue(TracedGeneratorOptionKeys.NamingPolicyEditorConfig, out _)
        || options.TryGetValue(TracedGeneratorOptionKeys.KeepAsyncSuffixEditorConfig, out _);

    private static SpanNamingOptions ReadNaming(AnalyzerConfigOptions options, SpanNamingOptions fallback)
    {
        var policy = ParsePolicy(First(options, TracedGeneratorOptionKeys.NamingPolicyEditorConfig, TracedGeneratorOptionKeys.NamingPolicyProperty))
            ?? fallback.Policy;
        var keepAsync = ParseBool(First(options, TracedGeneratorOptionKeys.KeepAsyncSuffixEditorConfig, TracedGeneratorOptionKeys.KeepAsyncSuffixProperty))
            ?? fallback.KeepAsyncSuffix;
        return new SpanNamingOptions(policy, keepAsync);
    }

    private static string? First(AnalyzerConfigOptions options, string preferredKey, string otherKey)
    {
        if (options.TryGetValue(preferredKey, out var value) && !string.IsNullOrWhiteSpace(value))
        {
            return value;
        }

        return options.TryGetValue(otherKey, out value) && !string.IsNullOrWhiteSpace(value) ? value : null;
    }

    /// <summary>Accepts the enum names in any case and with separators, so <c>snake_case</c> and <c>SnakeCase</c> both work.</summary>
    internal static SpanNamingPolicy? ParsePolicy(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var normalized = value.Trim().Replace("_", "").Replace("-", "").Replace(".", "");
        foreach (SpanNamingPolicy policy in Enum.GetValues(typeof(SpanNamingPolicy)))
        {
            if (string.Equals(policy.ToString(), normalized, StringComparison.OrdinalIgnoreCase))
            {
                return policy;
            }
        }

        return null;
    }

    private static bool? ParseBool(string? value) =>
        value is not null && bool.TryParse(value.Trim(), out var parsed) ? parsed : null;
}

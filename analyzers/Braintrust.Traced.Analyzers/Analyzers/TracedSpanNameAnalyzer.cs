using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Braintrust.Traced.Analyzers.Diagnostics;
using Braintrust.Traced.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Braintrust.Traced.Analyzers.Analyzers;

/// <summary>
/// Checks how spans get their names: explicit names must be usable (BTT008) and unique within their type (BTT009), and
/// the naming settings that name the others must be values the generator knows (BTT015).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TracedSpanNameAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Longer names are cut off in Braintrust's UI and make spans hard to tell apart.</summary>
    public const int MaximumSpanNameLength = 256;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.InvalidSpanName,
        DiagnosticDescriptors.DuplicateSpanName,
        DiagnosticDescriptors.UnknownNamingSetting);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var symbols = TracedSymbols.TryCreate(start.Compilation);
            if (symbols is not null)
            {
                // Per type rather than per method: duplicates can only be seen with all of a type's methods at hand.
                start.RegisterSymbolAction(symbolContext => AnalyzeType(symbolContext, symbols), SymbolKind.NamedType);
            }
        });
    }

    private static void AnalyzeType(SymbolAnalysisContext context, TracedSymbols symbols)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var named = new List<(IMethodSymbol Method, TracedAttributeInfo Info, Location Location)>();
        foreach (var method in type.GetMembers().OfType<IMethodSymbol>())
        {
            if (symbols.FindTracedAttribute(method) is not { } attribute)
            {
                continue;
            }

            var info = TracedAttributeInfo.Read(attribute, context.CancellationToken);
            if (info.ExplicitName is not { } name || info.NameLocation is not { } location)
            {
                ReportUnknownNamingSetting(context, method);
                continue;
            }

            var problem = DescribeInvalidName(name);
            if (problem is not null)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InvalidSpanName, location, method.Name, problem));
                continue;
            }

            named.Add((method, info, location));
        }

        // Source order, so the first declaration keeps its name quietly and every later copy is flagged.
        var ordered = named
            .OrderBy(entry => entry.Location.SourceTree?.FilePath, System.StringComparer.Ordinal)
            .ThenBy(entry => entry.Location.SourceSpan.Start);
        var firstByName = new Dictionary<string, IMethodSymbol>(System.StringComparer.Ordinal);
        foreach (var (method, info, location) in ordered)
        {
            var name = info.ExplicitName!;
            if (firstByName.TryGetValue(name, out var first))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.DuplicateSpanName, location, name, method.Name, first.Name));
            }
            else
            {
                firstByName.Add(name, method);
            }
        }
    }

    /// <summary>A method named by the naming policy: the settings of its file must be ones the generator understands.</summary>
    private static void ReportUnknownNamingSetting(SymbolAnalysisContext context, IMethodSymbol method)
    {
        var location = method.Locations.FirstOrDefault(l => l.IsInSource);
        if (location?.SourceTree is not { } tree
            || NamingSettings.FindInvalid(context.Options.AnalyzerConfigOptionsProvider.GetOptions(tree)) is not { } invalid)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.UnknownNamingSetting, location, invalid.Setting, invalid.Value, invalid.Allowed, method.Name));
    }

    private static string? DescribeInvalidName(string name)
    {
        if (name.Length == 0)
        {
            return "is empty; pass a name, or use [Traced] without one to let the naming policy decide";
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            return "is only whitespace; pass a visible name, or use [Traced] without one to let the naming policy decide";
        }

        if (name.Length > MaximumSpanNameLength)
        {
            return $"is {name.Length} characters long; the limit is {MaximumSpanNameLength}";
        }

        return null;
    }
}

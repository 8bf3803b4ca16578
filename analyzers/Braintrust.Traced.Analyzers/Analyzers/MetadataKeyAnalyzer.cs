using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Braintrust.Traced.Analyzers.Diagnostics;
using Braintrust.Traced.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Braintrust.Traced.Analyzers.Analyzers;

/// <summary>BTT014: the [AsMetadata] keys of a [Traced] method must be readable and unique.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MetadataKeyAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.InvalidMetadataKey);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var symbols = TracedSymbols.TryCreate(start.Compilation);
            if (symbols is not null)
            {
                start.RegisterSymbolAction(symbolContext => AnalyzeMethod(symbolContext, symbols), SymbolKind.Method);
            }
        });
    }

    private static void AnalyzeMethod(SymbolAnalysisContext context, TracedSymbols symbols)
    {
        var method = (IMethodSymbol)context.Symbol;
        if (method.PartialDefinitionPart is null && symbols.FindTracedAttribute(method) is not null)
        {
            AnalyzeMetadataKeys(context, method, symbols);
        }
    }

    /// <summary>Each [AsMetadata] parameter is one metadata entry: its key must be readable and unique in the method.</summary>
    private static void AnalyzeMetadataKeys(SymbolAnalysisContext context, IMethodSymbol method, TracedSymbols symbols)
    {
        var firstByKey = new Dictionary<string, IParameterSymbol>(System.StringComparer.Ordinal);
        foreach (var parameter in method.Parameters)
        {
            var asMetadata = parameter.GetAttributes().FirstOrDefault(symbols.IsAsMetadataAttribute);
            // [NotTraced] leaves the parameter out and [Redact] keeps it out of the metadata: neither uses the key.
            if (asMetadata is null || parameter.GetAttributes().Any(attribute => symbols.IsNotTracedAttribute(attribute) || symbols.IsRedactAttribute(attribute)))
            {
                continue;
            }

            var explicitKey = asMetadata.ConstructorArguments.Length == 1 ? asMetadata.ConstructorArguments[0].Value as string : null;
            var location = AttributeLocation.Of(asMetadata, parameter, context.CancellationToken);
            if (explicitKey is not null && string.IsNullOrWhiteSpace(explicitKey))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.InvalidMetadataKey,
                    location,
                    parameter.Name,
                    "has a blank key; pass a visible key, or use [AsMetadata] without one to use the parameter's name"));
                continue;
            }

            var key = explicitKey ?? parameter.Name;
            if (firstByKey.TryGetValue(key, out var first))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.InvalidMetadataKey,
                    location,
                    parameter.Name,
                    $"uses the key \"{key}\" already used by parameter '{first.Name}'; only one of the values would be kept"));
            }
            else
            {
                firstByKey.Add(key, parameter);
            }
        }
    }
}

using System.Collections.Immutable;
using System.Linq;
using Braintrust.Traced.Analyzers.Diagnostics;
using Braintrust.Traced.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Braintrust.Traced.Analyzers.Analyzers;

/// <summary>
/// Checks what a [Traced] method records from its parameters: values not worth logging (BTT006), secrets (BTT007)
/// and attributes that cancel each other (BTT013).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TracedParameterAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.ParameterNotLoggable,
        DiagnosticDescriptors.SecretParameterCaptured,
        DiagnosticDescriptors.ConflictingParameterAttributes);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var symbols = TracedSymbols.TryCreate(start.Compilation);
            if (symbols is null)
            {
                return;
            }

            start.RegisterSymbolAction(symbolContext => AnalyzeMethod(symbolContext, symbols), SymbolKind.Method);
        });
    }

    private static void AnalyzeMethod(SymbolAnalysisContext context, TracedSymbols symbols)
    {
        var method = (IMethodSymbol)context.Symbol;
        if (method.PartialDefinitionPart is not null)
        {
            return;
        }

        if (symbols.FindTracedAttribute(method) is not { } attribute)
        {
            return;
        }

        var info = TracedAttributeInfo.Read(attribute, context.CancellationToken);
        foreach (var parameter in method.Parameters)
        {
            AnalyzeTracedParameter(context, parameter, info, symbols);
        }
    }

    private static void AnalyzeTracedParameter(SymbolAnalysisContext context, IParameterSymbol parameter, TracedAttributeInfo info, TracedSymbols symbols)
    {
        AttributeData? notTraced = null;
        AttributeData? redact = null;
        AttributeData? asMetadata = null;
        foreach (var attribute in parameter.GetAttributes())
        {
            if (symbols.IsNotTracedAttribute(attribute))
            {
                notTraced = attribute;
            }
            else if (symbols.IsRedactAttribute(attribute))
            {
                redact = attribute;
            }
            else if (symbols.IsAsMetadataAttribute(attribute))
            {
                asMetadata = attribute;
            }
        }

        if (notTraced is not null)
        {
            foreach (var (pointless, name) in new[] { (redact, "Redact"), (asMetadata, "AsMetadata") })
            {
                if (pointless is not null)
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.ConflictingParameterAttributes,
                        AttributeLocation.Of(pointless, parameter, context.CancellationToken),
                        parameter.Name,
                        name));
                }
            }

            return;
        }

        // Redacted values are never recorded, out values are output rather than input, and the generator never
        // records a CancellationToken: none of them can leak or bloat the span's input.
        var recorded = info.CaptureInput
            && redact is null
            && parameter.RefKind != RefKind.Out
            && !SymbolEqualityComparer.Default.Equals(parameter.Type, symbols.CancellationToken);
        if (!recorded)
        {
            return;
        }

        var location = parameter.Locations.FirstOrDefault(candidate => candidate.IsInSource) ?? Location.None;
        if (SecretName.LooksSecret(parameter.Name) && SecretName.CanHoldSecretText(parameter.Type))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.SecretParameterCaptured, location, parameter.Name));
        }

        if (NotLoggableTypeCatalog.FindReason(parameter.Type, symbols.NotLoggableTypes) is { } reason)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.ParameterNotLoggable,
                location,
                parameter.Name,
                parameter.Type.ToDisplayString(),
                reason));
        }
    }

}

using System.Collections.Immutable;
using System.Linq;
using Braintrust.Traced.Analyzers.Diagnostics;
using Braintrust.Traced.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Braintrust.Traced.Analyzers.Analyzers;

/// <summary>
/// Checks what a [Traced] method records from its parameters: values not worth logging (BTT006), secrets (BTT007),
/// conflicting attributes (BTT013), and parameter attributes on methods that are not traced at all (BTT011).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TracedParameterAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.ParameterNotLoggable,
        DiagnosticDescriptors.SecretParameterCaptured,
        DiagnosticDescriptors.ParameterAttributeWithoutTraced,
        DiagnosticDescriptors.ConflictingParameterAttributes,
        DiagnosticDescriptors.InvalidMetadataKey);

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
            start.RegisterSyntaxNodeAction(
                nodeContext => AnalyzeFunction(nodeContext, symbols),
                SyntaxKind.LocalFunctionStatement,
                SyntaxKind.ParenthesizedLambdaExpression);
        });
    }

    private static void AnalyzeMethod(SymbolAnalysisContext context, TracedSymbols symbols)
    {
        var method = (IMethodSymbol)context.Symbol;
        if (method.PartialDefinitionPart is not null)
        {
            return;
        }

        var attribute = symbols.FindTracedAttribute(method);
        if (attribute is null)
        {
            ReportAttributesWithoutTraced(context.ReportDiagnostic, method, symbols, context.CancellationToken);
            return;
        }

        var info = TracedAttributeInfo.Read(attribute, context.CancellationToken);
        foreach (var parameter in method.Parameters)
        {
            AnalyzeTracedParameter(context, parameter, info, symbols);
        }

        AnalyzeMetadataKeys(context, method, symbols);
    }

    /// <summary>Each [AsMetadata] parameter is one metadata entry: its key must be readable and unique in the method.</summary>
    private static void AnalyzeMetadataKeys(SymbolAnalysisContext context, IMethodSymbol method, TracedSymbols symbols)
    {
        var firstByKey = new System.Collections.Generic.Dictionary<string, IParameterSymbol>(System.StringComparer.Ordinal);
        foreach (var parameter in method.Parameters)
        {
            var asMetadata = parameter.GetAttributes().FirstOrDefault(symbols.IsAsMetadataAttribute);
            if (asMetadata is null || parameter.GetAttributes().Any(symbols.IsNotTracedAttribute))
            {
                continue;
            }

            var explicitKey = asMetadata.ConstructorArguments.Length == 1 ? asMetadata.ConstructorArguments[0].Value as string : null;
            var location = AttributeLocation(asMetadata, parameter, context.CancellationToken);
            if (asMetadata.ConstructorArguments.Length == 1 && string.IsNullOrWhiteSpace(explicitKey))
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

    private static void AnalyzeFunction(SyntaxNodeAnalysisContext context, TracedSymbols symbols)
    {
        var parameters = context.Node switch
        {
            LocalFunctionStatementSyntax localFunction => localFunction.ParameterList.Parameters,
            ParenthesizedLambdaExpressionSyntax lambda => lambda.ParameterList.Parameters,
            _ => default,
        };
        if (!parameters.Any(parameter => parameter.AttributeLists.Count > 0))
        {
            return;
        }

        var function = context.Node is LocalFunctionStatementSyntax
            ? context.SemanticModel.GetDeclaredSymbol(context.Node, context.CancellationToken) as IMethodSymbol
            : context.SemanticModel.GetSymbolInfo(context.Node, context.CancellationToken).Symbol as IMethodSymbol;

        // A [Traced] local function or lambda is already an error (BTT005); its parameter attributes add nothing.
        if (function is not null && symbols.FindTracedAttribute(function) is null)
        {
            ReportAttributesWithoutTraced(context.ReportDiagnostic, function, symbols, context.CancellationToken);
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
                        AttributeLocation(pointless, parameter, context.CancellationToken),
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
        if (SecretName.LooksSecret(parameter.Name))
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

    private static void ReportAttributesWithoutTraced(
        System.Action<Diagnostic> report,
        IMethodSymbol method,
        TracedSymbols symbols,
        System.Threading.CancellationToken cancellationToken)
    {
        string? hint = null;
        foreach (var parameter in method.Parameters)
        {
            foreach (var attribute in parameter.GetAttributes())
            {
                var name = symbols.IsNotTracedAttribute(attribute) ? "NotTraced"
                    : symbols.IsRedactAttribute(attribute) ? "Redact"
                    : symbols.IsAsMetadataAttribute(attribute) ? "AsMetadata"
                    : null;
                if (name is null)
                {
                    continue;
                }

                hint ??= DescribeTracedCaller(method, symbols, cancellationToken);
                report(Diagnostic.Create(
                    DiagnosticDescriptors.ParameterAttributeWithoutTraced,
                    AttributeLocation(attribute, parameter, cancellationToken),
                    name,
                    parameter.Name,
                    method.MethodKind == MethodKind.AnonymousFunction ? "the lambda" : method.Name,
                    hint));
            }
        }
    }

    /// <summary>
    /// When <paramref name="method"/> is the implementation of a [Traced] method, the attribute was almost certainly
    /// meant for the traced declaration: say so.
    /// </summary>
    private static string DescribeTracedCaller(IMethodSymbol method, TracedSymbols symbols, System.Threading.CancellationToken cancellationToken)
    {
        if (method.ContainingType is null || method.MethodKind != MethodKind.Ordinary)
        {
            return string.Empty;
        }

        foreach (var candidate in method.ContainingType.GetMembers().OfType<IMethodSymbol>())
        {
            if (symbols.FindTracedAttribute(candidate) is { } attribute
                && TracedAttributeInfo.Read(attribute, cancellationToken).ImplementationName(candidate) == method.Name)
            {
                return $"; it is the implementation of [Traced] method '{candidate.Name}': put the attribute on that method's parameter";
            }
        }

        return string.Empty;
    }

    private static Location AttributeLocation(AttributeData attribute, IParameterSymbol parameter, System.Threading.CancellationToken cancellationToken) =>
        attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation()
        ?? parameter.Locations.FirstOrDefault()
        ?? Location.None;
}

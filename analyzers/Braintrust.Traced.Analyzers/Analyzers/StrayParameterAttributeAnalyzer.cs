using System.Linq;
using System.Collections.Immutable;
using Braintrust.Traced.Analyzers.Diagnostics;
using Braintrust.Traced.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Braintrust.Traced.Analyzers.Analyzers;

/// <summary>
/// BTT011: [NotTraced], [Redact] and [AsMetadata] on a parameter of a method, local function or lambda that is not
/// [Traced], where they do nothing; usually they were meant for the traced declaration, not its implementation.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class StrayParameterAttributeAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.ParameterAttributeWithoutTraced);

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
        if (method.PartialDefinitionPart is null && symbols.FindTracedAttribute(method) is null)
        {
            ReportAttributesWithoutTraced(context.ReportDiagnostic, method, symbols, context.CancellationToken);
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
                    AttributeLocation.Of(attribute, parameter, cancellationToken),
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
}

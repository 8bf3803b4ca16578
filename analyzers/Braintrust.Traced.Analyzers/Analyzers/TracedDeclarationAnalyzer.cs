using System.Collections.Generic;
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
/// Checks that a [Traced] method can be completed by the generator at all: a partial declaration without a body
/// (BTT001), inside partial types (BTT002), of a supported shape (BTT005), with a usable runtime referenced (BTT010).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TracedDeclarationAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.MustBePartialDeclaration,
        DiagnosticDescriptors.ContainingTypeMustBePartial,
        DiagnosticDescriptors.UnsupportedShape,
        DiagnosticDescriptors.RuntimeMissingOrTooOld);

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

            var runtimeProblem = DescribeRuntimeProblem(symbols);
            start.RegisterSymbolAction(symbolContext => AnalyzeMethod(symbolContext, symbols, runtimeProblem), SymbolKind.Method);
            start.RegisterSyntaxNodeAction(
                nodeContext => AnalyzeFunction(nodeContext, symbols),
                SyntaxKind.LocalFunctionStatement,
                SyntaxKind.ParenthesizedLambdaExpression);
        });
    }

    private static void AnalyzeMethod(SymbolAnalysisContext context, TracedSymbols symbols, string? runtimeProblem)
    {
        var method = (IMethodSymbol)context.Symbol;
        if (method.PartialDefinitionPart is not null)
        {
            // The implementation part of a partial method: its attributes are merged into the definition, analyzed there.
            return;
        }

        var attribute = symbols.FindTracedAttribute(method);
        if (attribute is null)
        {
            return;
        }

        var info = TracedAttributeInfo.Read(attribute, context.CancellationToken);
        var attributeLocation = info.Syntax?.GetLocation() ?? method.Locations[0];
        if (runtimeProblem is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.RuntimeMissingOrTooOld,
                attributeLocation,
                method.Name,
                FormatVersion(RuntimeAssembly.MinimumVersion),
                runtimeProblem));
        }

        var kindReason = UnsupportedShape.FindKindReason(method);
        if (kindReason is not null)
        {
            // An interface member or an operator can never become a partial declaration; more advice would mislead.
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnsupportedShape, method.Locations[0], method.Name, kindReason));
            return;
        }

        if (UnsupportedShape.FindSignatureReason(method) is { } shapeReason)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnsupportedShape, method.Locations[0], method.Name, shapeReason));
        }

        var declaration = info.Syntax?.FirstAncestorOrSelf<MethodDeclarationSyntax>();
        if (declaration is not null && (declaration.Body is not null || declaration.ExpressionBody is not null || !IsPartial(declaration.Modifiers)))
        {
            // Reported on the method's (declaration part's) name even when [Traced] sits on the body part of a
            // hand-written partial pair: a symbol's diagnostics must stay within its own declaration to be fixable.
            var properties = ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.ImplementationName, info.ImplementationName(method));
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.MustBePartialDeclaration,
                method.Locations[0],
                properties,
                method.Name,
                info.ImplementationName(method)));
        }

        var nonPartialTypes = FindNonPartialContainingTypes(method, context.CancellationToken);
        if (nonPartialTypes.Count > 0)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.ContainingTypeMustBePartial,
                method.Locations[0],
                method.Name,
                DescribeTypes(nonPartialTypes)));
        }
    }

    private static void AnalyzeFunction(SyntaxNodeAnalysisContext context, TracedSymbols symbols)
    {
        var attributeLists = context.Node switch
        {
            LocalFunctionStatementSyntax localFunction => localFunction.AttributeLists,
            ParenthesizedLambdaExpressionSyntax lambda => lambda.AttributeLists,
            _ => default,
        };
        if (attributeLists.Count == 0)
        {
            return;
        }

        var function = context.Node is LocalFunctionStatementSyntax
            ? context.SemanticModel.GetDeclaredSymbol(context.Node, context.CancellationToken) as IMethodSymbol
            : context.SemanticModel.GetSymbolInfo(context.Node, context.CancellationToken).Symbol as IMethodSymbol;
        if (function is null || symbols.FindTracedAttribute(function) is not { } attribute)
        {
            return;
        }

        var location = context.Node is LocalFunctionStatementSyntax local
            ? local.Identifier.GetLocation()
            : attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation() ?? context.Node.GetLocation();
        var name = context.Node is LocalFunctionStatementSyntax named ? named.Identifier.ValueText : "lambda";
        var reason = context.Node is LocalFunctionStatementSyntax ? UnsupportedShape.LocalFunction : UnsupportedShape.Lambda;
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnsupportedShape, location, name, reason));
    }

    /// <summary>Why the referenced runtime cannot run generated code, or <see langword="null"/> when it can.</summary>
    private static string? DescribeRuntimeProblem(TracedSymbols symbols)
    {
        if (symbols.TracedCalls is null)
        {
            return $"'{TracedSymbols.TracedCallsName}' is not referenced";
        }

        var version = symbols.TracedCalls.ContainingAssembly.Identity.Version;
        return version < RuntimeAssembly.MinimumVersion
            ? $"version {FormatVersion(version)} is referenced"
            : null;
    }

    private static string FormatVersion(System.Version version) =>
        version.Build >= 0 ? $"{version.Major}.{version.Minor}.{version.Build}" : $"{version.Major}.{version.Minor}";

    private static bool IsPartial(SyntaxTokenList modifiers) => modifiers.Any(SyntaxKind.PartialKeyword);

    private static List<INamedTypeSymbol> FindNonPartialContainingTypes(IMethodSymbol method, System.Threading.CancellationToken cancellationToken)
    {
        var result = new List<INamedTypeSymbol>();
        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            var declarations = type.DeclaringSyntaxReferences;
            if (declarations.Length == 0)
            {
                continue;
            }

            var isPartial = declarations.Any(reference =>
                reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax typeDeclaration && IsPartial(typeDeclaration.Modifiers));
            if (!isPartial)
            {
                result.Add(type);
            }
        }

        // Outermost first, the order a reader meets them in the file.
        result.Reverse();
        return result;
    }

    private static string DescribeTypes(List<INamedTypeSymbol> types)
    {
        var names = types.Select(type => $"'{type.Name}'").ToList();
        return names.Count == 1
            ? $"type {names[0]}"
            : $"types {string.Join(", ", names.Take(names.Count - 1))} and {names[names.Count - 1]}";
    }
}

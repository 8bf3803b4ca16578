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
/// Checks the method the generated body calls: its name is valid (BTT012), it exists (BTT003), its signature matches
/// the [Traced] method (BTT004), and it is not an 'async void' body for a void method (BTT005).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TracedImplementationAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.ImplementationMissing,
        DiagnosticDescriptors.ImplementationSignatureMismatch,
        DiagnosticDescriptors.InvalidImplementationName,
        DiagnosticDescriptors.UnsupportedShape);

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
        if (method.PartialDefinitionPart is not null || symbols.FindTracedAttribute(method) is not { } attribute)
        {
            return;
        }

        if (UnsupportedShape.Find(method) is not null)
        {
            // BTT005 already says the method cannot be traced; its implementation does not matter yet.
            return;
        }

        var info = TracedAttributeInfo.Read(attribute, context.CancellationToken);
        var declaration = info.Syntax?.FirstAncestorOrSelf<MethodDeclarationSyntax>();
        if (declaration is null || declaration.Body is not null || declaration.ExpressionBody is not null)
        {
            // BTT001's fix creates the implementation from the body; asking for it now would be noise.
            return;
        }

        if (info.ExplicitImplementation is { } explicitName && DescribeInvalidName(explicitName, method) is { } problem)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.InvalidImplementationName,
                info.ImplementationLocation ?? method.Locations[0],
                method.Name,
                problem));
            return;
        }

        var implementationName = info.ImplementationName(method);
        var candidates = method.ContainingType.GetMembers(implementationName)
            .OfType<IMethodSymbol>()
            .Where(candidate => candidate.MethodKind == MethodKind.Ordinary && !SymbolEqualityComparer.Default.Equals(candidate, method))
            .ToList();
        if (candidates.Count == 0)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.ImplementationMissing,
                declaration.Identifier.GetLocation(),
                ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.ImplementationName, implementationName),
                method.Name,
                implementationName,
                method.ContainingType.Name));
            return;
        }

        var compared = candidates
            .Select(candidate => (Candidate: candidate, Differences: SignatureDifferences.Find(method, candidate)))
            .ToList();
        var match = compared.FirstOrDefault(pair => pair.Differences.Count == 0).Candidate;
        if (match is not null)
        {
            if (method.ReturnsVoid && match.IsAsync)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.UnsupportedShape,
                    declaration.Identifier.GetLocation(),
                    AdditionalLocations(match),
                    method.Name,
                    $"its implementation '{match.Name}' is {UnsupportedShape.AsyncVoid}"));
            }

            return;
        }

        var closest = compared.OrderBy(pair => pair.Differences.Count).First();
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.ImplementationSignatureMismatch,
            declaration.Identifier.GetLocation(),
            AdditionalLocations(closest.Candidate),
            closest.Candidate.Name,
            method.Name,
            string.Join("; ", closest.Differences)));
    }

    /// <summary>
    /// The diagnostic sits on the [Traced] method (a symbol's diagnostics must stay inside its declaration for the IDE
    /// to show them as the user types); the implementation's location rides along so the IDE can point at it too.
    /// </summary>
    private static IEnumerable<Location> AdditionalLocations(IMethodSymbol implementation) =>
        implementation.Locations.Where(location => location.IsInSource).Take(1);

    private static string? DescribeInvalidName(string name, IMethodSymbol method)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return $"is empty; name the method holding the body, or remove Implementation to use '{method.Name}Core'";
        }

        if (!SyntaxFacts.IsValidIdentifier(name))
        {
            return $"'{name}' is not a valid C# method name";
        }

        if (name == method.Name)
        {
            return $"names the [Traced] method itself, which would call itself forever; name the method holding the body (by default '{method.Name}Core')";
        }

        return null;
    }
}

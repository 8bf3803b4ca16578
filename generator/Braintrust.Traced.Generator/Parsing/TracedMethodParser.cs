using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Braintrust.Traced.Generator.Helpers;
using Braintrust.Traced.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Braintrust.Traced.Generator.Parsing;

/// <summary>
/// The pipeline's transform: turns a <c>[Traced]</c> partial method into a <see cref="TracedMethod"/> model, or
/// <see langword="null"/> for a shape the generator cannot write (the analyzers report those).
/// </summary>
internal static class TracedMethodParser
{
    /// <summary>Cheap syntactic filter: a partial method declaration with no body.</summary>
    public static bool IsCandidate(SyntaxNode node, CancellationToken cancellationToken) =>
        node is MethodDeclarationSyntax { Body: null, ExpressionBody: null } method
        && method.Modifiers.Any(SyntaxKind.PartialKeyword);

    public static TracedMethod? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not IMethodSymbol method
            || context.TargetNode is not MethodDeclarationSyntax syntax
            || context.Attributes.Length != 1
            || !IsGeneratable(method, syntax))
        {
            return null;
        }

        var attribute = TracedAttributeReader.Read(context.Attributes[0], method.Name);
        if (attribute is null)
        {
            return null;
        }

        var implementation = ImplementationFinder.Find(method, attribute.ImplementationName);
        if (implementation is null)
        {
            return null;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var shape = ReturnShapeClassifier.Classify(method);

        var containingTypes = ContainingTypes(method.ContainingType);
        var lineSpan = syntax.SyntaxTree.GetLineSpan(syntax.Identifier.Span, cancellationToken);
        return new TracedMethod
        {
            TypeKey = TypeKey(method.ContainingType),
            Namespace = method.ContainingNamespace.IsGlobalNamespace ? "" : method.ContainingNamespace.ToDisplayString(),
            ContainingTypes = containingTypes,
            Name = TypeDisplay.Identifier(method.Name),
            Modifiers = string.Join(" ", syntax.Modifiers.Where(IsRepeatedModifier).Select(m => m.Text)),
            ReturnType = TypeDisplay.Of(method.ReturnType),
            ReturnShape = shape,
            TypeParameters = TypeDisplay.TypeParameterList(method),
            Constraints = ConstraintRenderer.Clauses(method).ToEquatableArray(),
            Parameters = method.Parameters
                .Select((parameter, index) => ParameterParser.Parse(parameter, syntax.ParameterList.Parameters[index]))
                .ToEquatableArray(),
            ImplementationCall = TypeDisplay.Identifier(implementation.Name) + TypeDisplay.TypeParameterList(method),
            ExplicitSpanName = attribute.ExplicitName,
            SpanType = attribute.SpanTypeExpression,
            CaptureInput = attribute.CaptureInput,
            CaptureOutput = attribute.CaptureOutput && ParameterParser.CanBeRecorded(method.ReturnType),
            TypeName = method.ContainingType.Name,
            FunctionName = string.Join(".", TypeChain(method.ContainingType).Select(t => t.Name)) + "." + method.Name,
            FilePath = syntax.SyntaxTree.FilePath,
            LineNumber = lineSpan.StartLinePosition.Line + 1,
        };
    }

    /// <summary>
    /// Only the modifiers both declarations must share; <c>partial</c> is written by the emitter just before the
    /// return type, and <c>async</c>/<c>extern</c> would change what the implementing declaration means.
    /// </summary>
    private static bool IsRepeatedModifier(SyntaxToken modifier) =>
        !modifier.IsKind(SyntaxKind.PartialKeyword)
        && !modifier.IsKind(SyntaxKind.AsyncKeyword)
        && !modifier.IsKind(SyntaxKind.ExternKeyword);

    private static bool IsGeneratable(IMethodSymbol method, MethodDeclarationSyntax syntax)
    {
        if (!method.IsPartialDefinition
            || method.PartialImplementationPart is not null
            || method.ExplicitInterfaceImplementations.Length > 0
            || method.ReturnsByRef
            || method.ReturnsByRefReadonly
            || method.ReturnType.TypeKind == TypeKind.Error
            || method.Parameters.Any(p => p.Type.TypeKind == TypeKind.Error)
            || method.Parameters.Length != syntax.ParameterList.Parameters.Count)
        {
            return false;
        }

        // Every type around the method must be partial and visible from another file.
        foreach (var declaration in syntax.Ancestors().OfType<TypeDeclarationSyntax>())
        {
            if (!declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                return false;
            }
        }

        return TypeChain(method.ContainingType).All(t => !t.IsFileLocal && t.TypeKind is TypeKind.Class or TypeKind.Struct or TypeKind.Interface);
    }

    private static EquatableArray<ContainingType> ContainingTypes(INamedTypeSymbol innermost) =>
        TypeChain(innermost)
            .Select(t => new ContainingType(Keyword(t), TypeDisplay.Identifier(t.Name), TypeDisplay.TypeParameterList(t)))
            .ToEquatableArray();

    private static string Keyword(INamedTypeSymbol type) => type switch
    {
        { IsRecord: true, TypeKind: TypeKind.Struct } => "record struct",
        { IsRecord: true } => "record",
        { TypeKind: TypeKind.Struct } => "struct",
        { TypeKind: TypeKind.Interface } => "interface",
        _ => "class",
    };

    /// <summary>The containing types, outermost first.</summary>
    private static IEnumerable<INamedTypeSymbol> TypeChain(INamedTypeSymbol innermost)
    {
        var chain = new Stack<INamedTypeSymbol>();
        for (var type = innermost; type is not null; type = type.ContainingType)
        {
            chain.Push(type);
        }

        return chain;
    }

    /// <summary><c>Demo.Outer.Box{T}</c>: unique per type, readable, and valid in a generated file's hint name.</summary>
    private static string TypeKey(INamedTypeSymbol type)
    {
        var names = TypeChain(type).Select(t =>
            t.TypeParameters.Length == 0 ? t.Name : t.Name + "{" + string.Join(",", t.TypeParameters.Select(p => p.Name)) + "}");
        var typePart = string.Join(".", names);
        return type.ContainingNamespace.IsGlobalNamespace ? typePart : type.ContainingNamespace.ToDisplayString() + "." + typePart;
    }
}

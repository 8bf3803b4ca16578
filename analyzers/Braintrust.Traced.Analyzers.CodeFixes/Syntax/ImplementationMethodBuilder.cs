using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Braintrust.Traced.Analyzers.CodeFixes.Syntax;

/// <summary>
/// Builds the implementation method ("<c>MCore</c>") of a [Traced] declaration: private, same static-ness, type
/// parameters, constraints, parameters and return type, without the tracing attributes (they would do nothing there
/// and raise BTT011) and without <c>this</c> (the implementation is a helper, not another extension method).
/// </summary>
internal static class ImplementationMethodBuilder
{
    private const string NotImplemented = "throw new global::System.NotImplementedException();";

    /// <summary>The implementation keeping <paramref name="source"/>'s own body (and <c>async</c>), trivia untouched.</summary>
    public static MethodDeclarationSyntax WithOriginalBody(MethodDeclarationSyntax source, string name, SemanticModel model, CancellationToken cancellationToken)
    {
        return BuildHeader(source, name, keepAsync: true, model, cancellationToken);
    }

    /// <summary>The implementation with a body that throws <see cref="System.NotImplementedException"/>, laid out in the file's style.</summary>
    public static MethodDeclarationSyntax WithNotImplementedBody(MethodDeclarationSyntax source, string name, SemanticModel model, CancellationToken cancellationToken)
    {
        var endOfLine = LayoutTrivia.EndOfLine(source);
        var indentation = LayoutTrivia.Indentation(source);
        var bodyIndentation = indentation.AddRange(IndentationUnit(source));

        var header = BuildHeader(source, name, keepAsync: false, model, cancellationToken)
            .WithExpressionBody(null)
            .WithSemicolonToken(default);
        var lastHeaderToken = header.GetLastToken();
        header = header.ReplaceToken(lastHeaderToken, lastHeaderToken.WithTrailingTrivia(endOfLine));

        var statement = SyntaxFactory.ParseStatement(NotImplemented)
            .WithLeadingTrivia(bodyIndentation)
            .WithTrailingTrivia(endOfLine);
        var body = SyntaxFactory.Block(
            SyntaxFactory.Token(SyntaxKind.OpenBraceToken).WithLeadingTrivia(indentation).WithTrailingTrivia(endOfLine),
            SyntaxFactory.SingletonList(statement),
            SyntaxFactory.Token(SyntaxKind.CloseBraceToken).WithLeadingTrivia(indentation).WithTrailingTrivia(source.GetTrailingTrivia()));
        return header.WithBody(body);
    }

    private static MethodDeclarationSyntax BuildHeader(MethodDeclarationSyntax source, string name, bool keepAsync, SemanticModel model, CancellationToken cancellationToken)
    {
        var kept = source.Modifiers
            .Where(modifier => modifier.IsKind(SyntaxKind.StaticKeyword)
                || modifier.IsKind(SyntaxKind.UnsafeKeyword)
                || (keepAsync && modifier.IsKind(SyntaxKind.AsyncKeyword)))
            .Select(modifier => modifier.WithoutTrivia().WithTrailingTrivia(SyntaxFactory.Space));
        var lineStart = SyntaxFactory.TriviaList(LayoutTrivia.EndOfLine(source)).AddRange(LayoutTrivia.Indentation(source));
        var modifiers = new List<SyntaxToken>
        {
            SyntaxFactory.Token(SyntaxKind.PrivateKeyword).WithLeadingTrivia(lineStart).WithTrailingTrivia(SyntaxFactory.Space),
        };
        modifiers.AddRange(kept);

        return source
            .WithAttributeLists(default)
            .WithModifiers(SyntaxFactory.TokenList(modifiers))
            .WithReturnType(source.ReturnType.WithoutLeadingTrivia())
            .WithExplicitInterfaceSpecifier(null)
            .WithIdentifier(SyntaxFactory.Identifier(name).WithTriviaFrom(source.Identifier))
            .WithParameterList(StripParameters(source.ParameterList, model, cancellationToken));
    }

    private static ParameterListSyntax StripParameters(ParameterListSyntax parameters, SemanticModel model, CancellationToken cancellationToken)
    {
        return parameters.ReplaceNodes(parameters.Parameters, (original, _) =>
        {
            var lineLeading = original.GetLeadingTrivia();
            var attributeLists = new List<AttributeListSyntax>();
            foreach (var list in original.AttributeLists)
            {
                var remaining = list.Attributes.Where(attribute => !TracingAttributes.IsParameterAttribute(attribute, model, cancellationToken)).ToList();
                if (remaining.Count == list.Attributes.Count)
                {
                    attributeLists.Add(list);
                }
                else if (remaining.Count > 0)
                {
                    attributeLists.Add(list.WithAttributes(SyntaxFactory.SeparatedList(remaining)));
                }
            }

            var modifiers = SyntaxFactory.TokenList(original.Modifiers.Where(modifier => !modifier.IsKind(SyntaxKind.ThisKeyword)));
            var stripped = original
                .WithAttributeLists(SyntaxFactory.List(attributeLists))
                .WithModifiers(modifiers);
            if (stripped.Type is not null && modifiers.Count == 0 && attributeLists.Count == 0)
            {
                stripped = stripped.WithType(stripped.Type.WithoutLeadingTrivia());
            }

            return stripped.WithLeadingTrivia(lineLeading);
        });
    }

    /// <summary>One level of indentation as the file uses it: the member's indentation minus its type's, else four spaces.</summary>
    private static SyntaxTriviaList IndentationUnit(MethodDeclarationSyntax source)
    {
        var member = LayoutTrivia.Indentation(source).ToFullString();
        var type = source.Parent is { } parent ? LayoutTrivia.Indentation(parent).ToFullString() : string.Empty;
        var unit = member.Length > type.Length && member.StartsWith(type, System.StringComparison.Ordinal)
            ? member.Substring(type.Length)
            : "    ";
        return SyntaxFactory.TriviaList(SyntaxFactory.Whitespace(unit));
    }
}

using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Braintrust.Traced.Analyzers.CodeFixes.Syntax;
using Braintrust.Traced.Analyzers.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Braintrust.Traced.Analyzers.CodeFixes;

/// <summary>
/// BTT001: turns a [Traced] method into a partial declaration (adding <c>private</c> when it had no accessibility,
/// because C# requires one on a non-void partial with a generated body) and moves its body, with its comments and
/// layout, into the implementation method right after it.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeTracedMethodPartialCodeFixProvider)), Shared]
public sealed class MakeTracedMethodPartialCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.MustBePartialDeclarationId);

    // Each fix rewrites only its own method, so the batch fixer can merge them.
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var declaration = root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.FirstAncestorOrSelf<MethodDeclarationSyntax>();
            if (declaration is null
                || !diagnostic.Properties.TryGetValue(DiagnosticProperties.ImplementationName, out var implementationName)
                || implementationName is null
                || !CanFix(declaration, implementationName, model, context.CancellationToken))
            {
                continue;
            }

            var hasBody = declaration.Body is not null || declaration.ExpressionBody is not null;
            var title = hasBody
                ? $"Make '{declaration.Identifier.ValueText}' partial and move its body into '{implementationName}'"
                : $"Make '{declaration.Identifier.ValueText}' partial";
            context.RegisterCodeFix(
                CodeAction.Create(
                    title,
                    cancellationToken => FixAsync(context.Document, declaration, implementationName, cancellationToken),
                    equivalenceKey: DiagnosticDescriptors.MustBePartialDeclarationId),
                diagnostic);
        }
    }

    /// <summary>
    /// No fix when the body is the implementation part of an existing partial declaration, or when a member with the
    /// implementation's name already exists: either way the result would not compile.
    /// </summary>
    private static bool CanFix(MethodDeclarationSyntax declaration, string implementationName, SemanticModel model, CancellationToken cancellationToken)
    {
        if (model.GetDeclaredSymbol(declaration, cancellationToken) is not { } method
            || method.PartialDefinitionPart is not null
            || method.PartialImplementationPart is not null)
        {
            return false;
        }

        var hasBody = declaration.Body is not null || declaration.ExpressionBody is not null;
        return !hasBody || method.ContainingType.GetMembers(implementationName).IsEmpty;
    }

    private static async Task<Document> FixAsync(Document document, MethodDeclarationSyntax declaration, string implementationName, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        var partialDeclaration = ToPartialDeclaration(declaration);
        if (declaration.Body is null && declaration.ExpressionBody is null)
        {
            return document.WithSyntaxRoot(root.ReplaceNode(declaration, partialDeclaration));
        }

        var implementation = ImplementationMethodBuilder.WithOriginalBody(declaration, implementationName, model, cancellationToken);
        return document.WithSyntaxRoot(root.ReplaceNode(declaration, new SyntaxNode[] { partialDeclaration, implementation }));
    }

    private static MethodDeclarationSyntax ToPartialDeclaration(MethodDeclarationSyntax declaration)
    {
        var returnTypeStart = declaration.ReturnType.GetFirstToken();
        var (modifiers, newReturnTypeStart) = ModifierEditor.Rewrite(
            declaration.Modifiers,
            returnTypeStart,
            remove: new[] { SyntaxKind.AsyncKeyword },
            prepend: ModifierEditor.HasAccessibility(declaration.Modifiers) ? Enumerable.Empty<SyntaxKind>() : new[] { SyntaxKind.PrivateKeyword },
            append: declaration.Modifiers.Any(SyntaxKind.PartialKeyword) ? Enumerable.Empty<SyntaxKind>() : new[] { SyntaxKind.PartialKeyword });

        var result = declaration
            .WithReturnType(declaration.ReturnType.ReplaceToken(returnTypeStart, newReturnTypeStart))
            .WithModifiers(modifiers);
        if (result.Body is null && result.ExpressionBody is null)
        {
            return result;
        }

        // The trivia after the body (normally the line break) now follows the ';'.
        var trailing = result.GetTrailingTrivia();
        result = result.WithBody(null).WithExpressionBody(null).WithSemicolonToken(default);
        var lastHeaderToken = result.GetLastToken();
        result = result.ReplaceToken(lastHeaderToken, lastHeaderToken.WithTrailingTrivia());
        return result.WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken).WithTrailingTrivia(trailing));
    }
}

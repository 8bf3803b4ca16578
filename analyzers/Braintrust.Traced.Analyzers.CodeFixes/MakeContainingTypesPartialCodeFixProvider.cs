using System.Collections.Generic;
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

/// <summary>BTT002: adds <c>partial</c> to every type around the [Traced] method that lacks it.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeContainingTypesPartialCodeFixProvider)), Shared]
public sealed class MakeContainingTypesPartialCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.ContainingTypeMustBePartialId);

    // Two traced methods in one class both ask for the same 'partial': the batch fixer would see two identical,
    // overlapping edits, so Fix All collects the types of every diagnostic in a document and edits each type once.
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllInDocumentAsync);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var types = FindNonPartialTypes(root, diagnostic);
            if (types.Count == 0)
            {
                continue;
            }

            var title = types.Count == 1
                ? $"Make '{types[0].Identifier.ValueText}' partial"
                : $"Make {string.Join(", ", types.Select(type => $"'{type.Identifier.ValueText}'"))} partial";
            context.RegisterCodeFix(
                CodeAction.Create(
                    title,
                    cancellationToken => FixDocumentAsync(context.Document, ImmutableArray.Create(diagnostic), cancellationToken),
                    equivalenceKey: DiagnosticDescriptors.ContainingTypeMustBePartialId),
                diagnostic);
        }
    }

    private static async Task<Document?> FixAllInDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics) =>
        await FixDocumentAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false);

    private static async Task<Document> FixDocumentAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var types = new HashSet<TypeDeclarationSyntax>(diagnostics.SelectMany(diagnostic => FindNonPartialTypes(root, diagnostic)));
        var fixedRoot = root.ReplaceNodes(types, (_, rewritten) => AddPartial(rewritten));
        return document.WithSyntaxRoot(fixedRoot);
    }

    private static List<TypeDeclarationSyntax> FindNonPartialTypes(SyntaxNode root, Diagnostic diagnostic)
    {
        var start = root.FindToken(diagnostic.Location.SourceSpan.Start).Parent;
        var types = start?.AncestorsAndSelf()
            .OfType<TypeDeclarationSyntax>()
            .Where(type => !type.Modifiers.Any(SyntaxKind.PartialKeyword))
            .ToList() ?? new List<TypeDeclarationSyntax>();
        types.Reverse();
        return types;
    }

    /// <summary>'partial' goes last, right before the keyword, as C# requires.</summary>
    private static TypeDeclarationSyntax AddPartial(TypeDeclarationSyntax type)
    {
        var (modifiers, keyword) = ModifierEditor.Rewrite(
            type.Modifiers,
            type.Keyword,
            remove: Enumerable.Empty<SyntaxKind>(),
            prepend: Enumerable.Empty<SyntaxKind>(),
            append: new[] { SyntaxKind.PartialKeyword });
        return type.WithKeyword(keyword).WithModifiers(modifiers);
    }
}

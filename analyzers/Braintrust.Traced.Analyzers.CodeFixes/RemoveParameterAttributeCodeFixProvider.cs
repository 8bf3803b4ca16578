using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Braintrust.Traced.Analyzers.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Braintrust.Traced.Analyzers.CodeFixes;

/// <summary>BTT011 and BTT013: removes a parameter attribute that has no effect.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveParameterAttributeCodeFixProvider)), Shared]
public sealed class RemoveParameterAttributeCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.ParameterAttributeWithoutTracedId,
        DiagnosticDescriptors.ConflictingParameterAttributesId);

    // `[NotTraced, Redact]` yields two diagnostics in one attribute list; removed one at a time the two edits overlap
    // on the comma, so Fix All removes every flagged attribute of a document in one pass, parameter by parameter.
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
            if (FindAttribute(root, diagnostic) is not { } attribute)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Remove [{attribute.Name}]",
                    cancellationToken => FixDocumentAsync(context.Document, ImmutableArray.Create(diagnostic), cancellationToken),
                    equivalenceKey: diagnostic.Id),
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

        var attributes = new HashSet<AttributeSyntax>(diagnostics.Select(diagnostic => FindAttribute(root, diagnostic)).OfType<AttributeSyntax>());
        var parameters = attributes
            .Select(attribute => attribute.Parent?.Parent)
            .OfType<ParameterSyntax>()
            .Distinct()
            .ToList();
        var fixedRoot = root.ReplaceNodes(parameters, (original, _) => WithoutAttributes(original, attributes));
        return document.WithSyntaxRoot(fixedRoot);
    }

    /// <summary>
    /// Removes <paramref name="removed"/> from the parameter's attribute lists. An emptied list goes entirely (an empty
    /// "[]" does not compile); the parameter's leading trivia and the space before its type survive, so
    /// <c>([NotTraced][Redact] string s)</c> becomes <c>([NotTraced] string s)</c> and <c>([Redact] string s)</c> becomes <c>(string s)</c>.
    /// </summary>
    private static ParameterSyntax WithoutAttributes(ParameterSyntax parameter, HashSet<AttributeSyntax> removed)
    {
        var leading = parameter.GetLeadingTrivia();
        var kept = new List<AttributeListSyntax>();
        foreach (var list in parameter.AttributeLists)
        {
            var remaining = list.Attributes.Where(attribute => !removed.Contains(attribute)).ToList();
            if (remaining.Count == list.Attributes.Count)
            {
                kept.Add(list);
            }
            else if (remaining.Count > 0)
            {
                kept.Add(list.RemoveNodes(list.Attributes.Where(removed.Contains), SyntaxRemoveOptions.KeepNoTrivia)!);
            }
        }

        if (kept.Count == parameter.AttributeLists.Count && kept.SequenceEqual(parameter.AttributeLists))
        {
            return parameter;
        }

        var separator = parameter.AttributeLists.Last().GetTrailingTrivia();
        var result = parameter.WithAttributeLists(SyntaxFactory.List(kept));
        if (kept.Count > 0)
        {
            var last = result.AttributeLists.Last();
            if (!last.GetTrailingTrivia().Any())
            {
                result = result.ReplaceNode(last, last.WithTrailingTrivia(separator));
            }
        }

        return result.WithLeadingTrivia(leading);
    }

    private static AttributeSyntax? FindAttribute(SyntaxNode root, Diagnostic diagnostic) =>
        root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<AttributeSyntax>();
}

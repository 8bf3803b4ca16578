using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Braintrust.Traced.Analyzers.CodeFixes.Syntax;
using Braintrust.Traced.Analyzers.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Braintrust.Traced.Analyzers.CodeFixes;

/// <summary>
/// BTT003: adds the missing implementation method right after the [Traced] declaration, with the same signature
/// and a body that throws <see cref="System.NotImplementedException"/> until the user writes it.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(GenerateImplementationCodeFixProvider)), Shared]
public sealed class GenerateImplementationCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.ImplementationMissingId);

    // Each fix only inserts a method after its own declaration; the batch fixer merges these without conflicts.
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var declaration = root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.FirstAncestorOrSelf<MethodDeclarationSyntax>();
            if (declaration is null
                || !diagnostic.Properties.TryGetValue(DiagnosticProperties.ImplementationName, out var implementationName)
                || implementationName is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Generate '{implementationName}'",
                    cancellationToken => FixAsync(context.Document, declaration, implementationName, cancellationToken),
                    equivalenceKey: DiagnosticDescriptors.ImplementationMissingId),
                diagnostic);
        }
    }

    private static async Task<Document> FixAsync(Document document, MethodDeclarationSyntax declaration, string implementationName, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        var implementation = ImplementationMethodBuilder.WithNotImplementedBody(declaration, implementationName, model, cancellationToken);
        return document.WithSyntaxRoot(root.InsertNodesAfter(declaration, new[] { implementation }));
    }
}

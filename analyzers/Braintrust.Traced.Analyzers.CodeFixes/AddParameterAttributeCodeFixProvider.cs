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
using Microsoft.CodeAnalysis.Simplification;

namespace Braintrust.Traced.Analyzers.CodeFixes;

/// <summary>
/// BTT006 and BTT007: adds <c>[NotTraced]</c> (leave the parameter out of the span) or, for secrets, <c>[Redact]</c>
/// (record that it was passed, never its value) in front of the parameter.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddParameterAttributeCodeFixProvider)), Shared]
public sealed class AddParameterAttributeCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.ParameterNotLoggableId,
        DiagnosticDescriptors.SecretParameterCapturedId);

    // Every fix edits its own parameter, so the batch fixer merges them.
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
            var parameter = root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.FirstAncestorOrSelf<ParameterSyntax>();
            if (parameter is null)
            {
                continue;
            }

            if (diagnostic.Id == DiagnosticDescriptors.SecretParameterCapturedId)
            {
                Register(context, diagnostic, parameter, "Redact");
            }

            Register(context, diagnostic, parameter, "NotTraced");
        }
    }

    private static void Register(CodeFixContext context, Diagnostic diagnostic, ParameterSyntax parameter, string attributeName)
    {
        context.RegisterCodeFix(
            CodeAction.Create(
                $"Add [{attributeName}] to '{parameter.Identifier.ValueText}'",
                cancellationToken => AddAttributeAsync(context.Document, parameter, attributeName, cancellationToken),
                equivalenceKey: $"{diagnostic.Id}.{attributeName}"),
            diagnostic);
    }

    private static async Task<Document> AddAttributeAsync(Document document, ParameterSyntax parameter, string attributeName, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        var attribute = SyntaxFactory.Attribute(AttributeName(model, parameter.SpanStart, attributeName));
        var list = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(attribute))
            .WithLeadingTrivia(parameter.GetLeadingTrivia())
            .WithTrailingTrivia(SyntaxFactory.Space);

        // The new list goes first, taking over the parameter's leading trivia (a line break and indentation when
        // parameters are one per line), so the parameter keeps its place in the layout.
        var withoutLeading = parameter.WithLeadingTrivia();
        var updated = withoutLeading.WithAttributeLists(withoutLeading.AttributeLists.Insert(0, list));
        return document.WithSyntaxRoot(root.ReplaceNode(parameter, updated));
    }

    /// <summary>The short name when <c>using Braintrust.Traced;</c> is in scope, else a fully qualified one the simplifier may shorten.</summary>
    private static NameSyntax AttributeName(SemanticModel model, int position, string attributeName)
    {
        var inScope = model.LookupNamespacesAndTypes(position, name: attributeName + "Attribute")
            .Any(symbol => symbol.ContainingNamespace?.ToDisplayString() == "Braintrust.Traced");
        return inScope
            ? SyntaxFactory.IdentifierName(attributeName)
            : SyntaxFactory.ParseName($"global::Braintrust.Traced.{attributeName}").WithAdditionalAnnotations(Simplifier.Annotation);
    }
}

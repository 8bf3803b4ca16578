using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Braintrust.Traced.Analyzers.CodeFixes.Syntax;

/// <summary>
/// Rewrites a modifier list while keeping the declaration's leading trivia (doc comments, indentation) on whichever
/// token ends up first, so adding or removing a modifier never moves a comment or breaks the indentation.
/// </summary>
internal static class ModifierEditor
{
    private static readonly SyntaxKind[] AccessibilityKinds =
    {
        SyntaxKind.PublicKeyword, SyntaxKind.PrivateKeyword, SyntaxKind.ProtectedKeyword, SyntaxKind.InternalKeyword,
    };

    public static bool HasAccessibility(SyntaxTokenList modifiers) => modifiers.Any(modifier => AccessibilityKinds.Contains(modifier.Kind()));

    /// <summary>
    /// Builds the new modifiers for a member whose modifiers are <paramref name="modifiers"/> and whose next token
    /// (return type, or <c>class</c> keyword) is <paramref name="nextToken"/>.
    /// </summary>
    /// <returns>The new modifier list and the next token with its leading trivia adjusted.</returns>
    public static (SyntaxTokenList Modifiers, SyntaxToken NextToken) Rewrite(
        SyntaxTokenList modifiers,
        SyntaxToken nextToken,
        IEnumerable<SyntaxKind> remove,
        IEnumerable<SyntaxKind> prepend,
        IEnumerable<SyntaxKind> append)
    {
        var removed = new HashSet<SyntaxKind>(remove);

        // The trivia in front of the first modifier (or of the next token when there are none) belongs to the line,
        // not to the token; it moves to whatever token comes first afterwards.
        var lineLeading = modifiers.Count > 0 ? modifiers[0].LeadingTrivia : nextToken.LeadingTrivia;
        var tokens = new List<SyntaxToken>();
        tokens.AddRange(prepend.Select(NewModifier));
        for (var i = 0; i < modifiers.Count; i++)
        {
            if (removed.Contains(modifiers[i].Kind()))
            {
                continue;
            }

            tokens.Add(i == 0 ? modifiers[i].WithLeadingTrivia() : modifiers[i]);
        }

        tokens.AddRange(append.Select(NewModifier));
        if (tokens.Count == 0)
        {
            return (default, nextToken.WithLeadingTrivia(lineLeading));
        }

        tokens[0] = tokens[0].WithLeadingTrivia(lineLeading);
        return (SyntaxFactory.TokenList(tokens), modifiers.Count > 0 ? nextToken : nextToken.WithLeadingTrivia());
    }

    private static SyntaxToken NewModifier(SyntaxKind kind) => SyntaxFactory.Token(kind).WithTrailingTrivia(SyntaxFactory.Space);
}

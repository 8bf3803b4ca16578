using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Braintrust.Traced.Analyzers.CodeFixes.Syntax;

/// <summary>
/// Reads the file's own line ending and a member's indentation, so inserted code looks as if the user typed it
/// (a CRLF file stays CRLF, tab indentation stays tabs) without reformatting anything the user wrote.
/// </summary>
internal static class LayoutTrivia
{
    public static SyntaxTrivia EndOfLine(SyntaxNode anyNode)
    {
        var existing = anyNode.SyntaxTree.GetRoot().DescendantTrivia().FirstOrDefault(trivia => trivia.IsKind(SyntaxKind.EndOfLineTrivia));
        return existing.IsKind(SyntaxKind.EndOfLineTrivia) ? existing : SyntaxFactory.EndOfLine("\n");
    }

    /// <summary>The whitespace at the start of the line <paramref name="node"/> starts on (empty when there is none).</summary>
    public static SyntaxTriviaList Indentation(SyntaxNode node)
    {
        var leading = node.GetLeadingTrivia();
        var lastEndOfLine = -1;
        for (var i = 0; i < leading.Count; i++)
        {
            if (leading[i].IsKind(SyntaxKind.EndOfLineTrivia) || leading[i].HasStructure)
            {
                lastEndOfLine = i;
            }
        }

        var indentation = leading.Skip(lastEndOfLine + 1).Where(trivia => trivia.IsKind(SyntaxKind.WhitespaceTrivia));
        return SyntaxFactory.TriviaList(indentation);
    }
}

using System.Globalization;
using System.Text;

namespace Braintrust.Traced.Server.Storage.Sqlite;

/// <summary>
/// Turns what a user typed into an FTS5 query for <c>spans_fts</c>: an AND of its words, each quoted so that user
/// punctuation is never FTS syntax. The index keeps no token positions (<c>detail=none</c>, schema version 10: a
/// third of the index's size and merge work), and FTS5 then rejects a quoted string of two or more tokens (a
/// phrase). So the text is split into tokens here, exactly where the <c>unicode61</c> tokenizer splits it: a token is
/// a run of letters, numbers and private-use characters (its default "L* N* Co"); everything else separates.
/// A term with punctuation inside ("gpt-4o", "user@example") therefore matches a span holding each of its parts,
/// not only the parts side by side.
/// </summary>
internal static class SqliteFtsQuery
{
    /// <summary>Matches nothing: the empty phrase. Used when the text has no word at all (only punctuation).</summary>
    private const string NoWords = "\"\"";

    public static string For(string text)
    {
        var tokens = Tokens(text);
        return tokens.Count == 0 ? NoWords : string.Join(' ', tokens.Select(token => "\"" + token + "\""));
    }

    /// <summary>The tokens <c>unicode61</c> makes of the text (case and diacritics are folded by FTS5 itself).</summary>
    public static IReadOnlyList<string> Tokens(string text)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            if (IsTokenCharacter(rune))
            {
                current.Append(rune.ToString());
            }
            else if (current.Length > 0)
            {
                tokens.Add(current.ToString());
                current.Clear();
            }
        }
        if (current.Length > 0)
        {
            tokens.Add(current.ToString());
        }
        return tokens;
    }

    private static bool IsTokenCharacter(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => true,
        UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => true,
        UnicodeCategory.PrivateUse => true,
        _ => false,
    };
}

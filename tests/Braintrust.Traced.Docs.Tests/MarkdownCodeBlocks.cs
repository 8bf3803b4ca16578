using System.Text.RegularExpressions;

namespace Braintrust.Traced.Docs.Tests;

/// <summary>
/// Finds the C# blocks of a Markdown file (fences opened with ```csharp or ```cs) and the directive comments placed
/// on the lines just above one (blank lines between are allowed):
/// <c>&lt;!-- not-compiled: reason --&gt;</c> marks code that is wrong on purpose (the test checks it does not build); <c>&lt;!-- compile-with: declarations --&gt;</c> declares
/// what a fragment uses (put first, as top-level statements).
/// </summary>
public static partial class MarkdownCodeBlocks
{
    public static IEnumerable<CodeBlock> Read(string relativePath, string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (!CSharpFence().IsMatch(lines[i]))
            {
                continue;
            }

            var start = i;
            var end = Array.FindIndex(lines, start + 1, line => line.TrimStart().StartsWith("```", StringComparison.Ordinal));
            if (end < 0)
            {
                throw new FormatException($"{relativePath}:{start + 1}: a ```csharp block is never closed");
            }

            string? notCompiled = null;
            string? prelude = null;
            for (var j = start - 1; j >= 0 && (string.IsNullOrWhiteSpace(lines[j]) || Directive().IsMatch(lines[j])); j--)
            {
                if (Directive().Match(lines[j]) is { Success: true } directive)
                {
                    var value = directive.Groups["value"].Value.Trim();
                    if (directive.Groups["kind"].Value == "not-compiled")
                    {
                        notCompiled = value.Length > 0 ? value : throw new FormatException($"{relativePath}:{j + 1}: not-compiled needs a reason");
                    }
                    else
                    {
                        prelude = value;
                    }
                }
            }

            yield return new CodeBlock(relativePath, start + 1, string.Join('\n', lines[(start + 1)..end]), notCompiled, prelude);
            i = end;
        }
    }

    [GeneratedRegex(@"^\s*```\s*(csharp|cs|c#)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex CSharpFence();

    [GeneratedRegex(@"^\s*<!--\s*(?<kind>not-compiled|compile-with):(?<value>.*?)-->\s*$")]
    private static partial Regex Directive();
}

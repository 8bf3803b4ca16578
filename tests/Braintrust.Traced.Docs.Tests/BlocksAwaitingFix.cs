using System.Security.Cryptography;
using System.Text;

namespace Braintrust.Traced.Docs.Tests;

/// <summary>
/// Blocks known not to compile yet, listed in <c>blocks-awaiting-fix.txt</c> by file and a hash of their text, so the
/// check could be switched on while other docs were still being written. A listed block is skipped (visibly, with its
/// errors); editing it changes its hash and checks it again; a listed block that compiles fails the test until its
/// line is removed, so the list only ever shrinks.
/// </summary>
public static class BlocksAwaitingFix
{
    public const string FileName = "blocks-awaiting-fix.txt";

    private static readonly Lazy<HashSet<string>> s_entries = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, FileName);
        return [.. File.ReadAllLines(path)
            .Select(line => line.Split('#', 2)[0].Trim())
            .Where(line => line.Length > 0)];
    });

    public static bool Contains(CodeBlock block) => s_entries.Value.Contains(Key(block));

    /// <summary>The list entry for a block: its file and the first 12 hex digits of the SHA-256 of its text.</summary>
    public static string Key(CodeBlock block) =>
        $"{block.File} {Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(block.Code)))[..12]}";
}

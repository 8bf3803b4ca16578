namespace Braintrust.Traced.Docs.Tests;

/// <summary>Every C# block of README.md and docs/*.md compiles, so the manual never shows code that does not build.</summary>
public sealed class ManualCompilesTests
{
    public static IEnumerable<TestCaseData> Blocks() =>
        ManualFiles().SelectMany(file => MarkdownCodeBlocks.Read(
                Path.GetRelativePath(RepositoryRoot, file).Replace('\\', '/'),
                File.ReadAllText(file)))
            .Select(block => new TestCaseData(block).SetName($"{block.File}:{block.Line}"));

    [TestCaseSource(nameof(Blocks))]
    public void The_block_compiles(CodeBlock block)
    {
        var errors = SnippetCompiler.Errors(block);
        if (block.NotCompiledReason is not null)
        {
            // A block marked not-compiled shows code that is wrong on purpose (a diagnostic's "before"): the manual
            // says it does not build, so it must not.
            Assert.That(errors, Is.Not.Empty,
                $"{block} is marked <!-- not-compiled: {block.NotCompiledReason} --> but compiles: drop the mark or make the example wrong again.");
            return;
        }

        Assert.That(errors, Is.Empty,
            $"{block} does not compile. Fix it, declare what a fragment uses with <!-- compile-with: ... -->, or, for code that is wrong on purpose, mark it <!-- not-compiled: reason -->.\n" + block.Code);
    }

    [Test]
    public void The_manual_has_csharp_blocks_to_check()
    {
        Assert.That(Blocks().Count(), Is.GreaterThan(5), "the extraction found the manual's C# blocks");
    }

    private static IEnumerable<string> ManualFiles() =>
        [Path.Combine(RepositoryRoot, "README.md"), .. Directory.EnumerateFiles(Path.Combine(RepositoryRoot, "docs"), "*.md").Order(StringComparer.Ordinal)];

    private static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Braintrust.Traced.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException($"repository root not found above {AppContext.BaseDirectory}");
        }
    }
}

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
        if (block.NotCompiledReason is not null)
        {
            Assert.Ignore($"marked not-compiled: {block.NotCompiledReason}");
        }

        var errors = SnippetCompiler.Errors(block);
        if (BlocksAwaitingFix.Contains(block))
        {
            Assert.That(errors, Is.Not.Empty,
                $"{block} compiles now: remove \"{BlocksAwaitingFix.Key(block)}\" from {BlocksAwaitingFix.FileName}.");
            Assert.Ignore($"listed in {BlocksAwaitingFix.FileName}; still fails: {errors[0]}");
        }

        Assert.That(errors, Is.Empty,
            $"{block} does not compile. Fix it, declare what a fragment uses with <!-- compile-with: ... -->, or exempt it with <!-- not-compiled: reason -->.\n" + block.Code);
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

namespace Braintrust.Traced.Docs.Tests;

/// <summary>The extraction and its directives, so an exemption or a prelude is never silently lost.</summary>
public sealed class MarkdownCodeBlocksTests
{
    [Test]
    public void Blocks_are_found_with_their_line_and_directives_and_other_languages_are_skipped()
    {
        const string markdown = """
            # Title

            ```sh
            dotnet run
            ```

            <!-- not-compiled: shows an error on purpose -->
            ```csharp
            var broken = ;
            ```

            <!-- compile-with: string text = ""; -->

            ```cs
            Console.WriteLine(text);
            ```
            """;

        var blocks = MarkdownCodeBlocks.Read("docs/x.md", markdown).ToArray();

        Assert.That(blocks, Has.Length.EqualTo(2));
        Assert.That(blocks[0], Is.EqualTo(new CodeBlock("docs/x.md", 8, "var broken = ;", "shows an error on purpose", null)));
        Assert.That(blocks[1], Is.EqualTo(new CodeBlock("docs/x.md", 14, "Console.WriteLine(text);", null, "string text = \"\";")));
    }

    [Test]
    public void A_block_that_is_not_closed_is_an_error_naming_its_line()
    {
        var error = Assert.Throws<FormatException>(() => MarkdownCodeBlocks.Read("README.md", "text\n```csharp\nvar x = 1;\n").ToArray());

        Assert.That(error.Message, Does.StartWith("README.md:2:"));
    }

    [Test]
    public void A_compile_error_is_reported_at_its_line_in_the_markdown_file()
    {
        var block = new CodeBlock("docs/x.md", 10, "var ok = 1;\nint broken = \"text\";", null, "var unused = 0;");

        var errors = SnippetCompiler.Errors(block);

        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[0], Does.StartWith("docs/x.md:12: CS0029"));
    }

    [Test]
    public void A_prelude_goes_after_the_snippets_using_directives_and_errors_keep_their_markdown_line()
    {
        var block = new CodeBlock("docs/x.md", 20, "using Braintrust.Traced;\n\nSpan? current = span;\nint broken = \"text\";", null, "Span span = null!;");

        var errors = SnippetCompiler.Errors(block);

        Assert.That(errors, Is.EqualTo(new[] { "docs/x.md:24: CS0029 Cannot implicitly convert type 'string' to 'int'" }));
    }

    [Test]
    public void Traced_methods_in_a_snippet_get_their_generated_implementation()
    {
        var block = new CodeBlock("docs/x.md", 1, """
            using Braintrust.Traced;

            public partial class Classifier
            {
                [Traced("classify")]
                public partial string Classify(string text);

                private string ClassifyCore(string text) => text;
            }
            """, null, null);

        Assert.That(SnippetCompiler.Errors(block), Is.Empty, "without the generator the partial method has no implementation (CS8795)");
    }
}

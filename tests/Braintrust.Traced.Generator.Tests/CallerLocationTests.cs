using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Braintrust.Traced.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace Braintrust.Traced.Generator.Tests;

/// <summary>
/// The source location a span carries (<c>context.caller_filename</c>/<c>caller_lineno</c>), decided at compile time:
/// the declaring file and line, with the build's <c>/pathmap</c> applied like the compiler applies it to PDBs.
/// </summary>
public sealed partial class CallerLocationTests
{
    private const string Source = """
        namespace Demo;

        public partial class Located
        {
            // A comment so the declaration is not on the first lines.
            [Braintrust.Traced.Traced]
            public partial int Where(int x);

            private int WhereCore(int x) => x;
        }
        """;

    [Test]
    public void RecordsTheDeclaringFileAndLine()
    {
        var generated = Generate("/home/dev/app/src/Located.cs", pathMap: []);

        Assert.Multiple(() =>
        {
            Assert.That(FileName(generated), Is.EqualTo("/home/dev/app/src/Located.cs"));
            Assert.That(LineNumber(generated), Is.EqualTo(7));
        });
    }

    [Test]
    public void AppliesThePathMapOfDeterministicBuilds()
    {
        var generated = Generate("/home/dev/app/src/Located.cs", pathMap: [new("/home/dev/app/", "/_/")]);

        Assert.That(FileName(generated), Is.EqualTo("/_/src/Located.cs"));
    }

    [Test]
    public void PathMapMatchesWholeDirectoriesOnly()
    {
        var generated = Generate("/home/dev/application/Located.cs", pathMap: [new("/home/dev/app", "/_/")]);

        Assert.That(FileName(generated), Is.EqualTo("/home/dev/application/Located.cs"));
    }

    [Test]
    public void WindowsPathsAreEscapedAndMappedToForwardSlashes()
    {
        var generated = Generate(@"C:\work\app\src\Located.cs", pathMap: [new(@"C:\work\app\", "/_/")]);

        Assert.That(generated, Does.Contain("fileName: \"/_/src/Located.cs\","));
        var unmapped = Generate(@"C:\work\app\src\Located.cs", pathMap: []);
        Assert.That(unmapped, Does.Contain("fileName: \"C:\\\\work\\\\app\\\\src\\\\Located.cs\","));
    }

    private static string Generate(string path, KeyValuePair<string, string>[] pathMap)
    {
        var compilation = TestCompilations.Create((path, Source));
        compilation = compilation.WithOptions(compilation.Options.WithSourceReferenceResolver(
            new SourceFileResolver(ImmutableArray<string>.Empty, baseDirectory: null, pathMap.ToImmutableArray())));
        var driver = GeneratorRunner.CreateDriver().RunGenerators(compilation);
        return driver.GetRunResult().GeneratedTrees.Single().GetText().ToString();
    }

    private static string FileName(string generated) => FileNamePattern().Match(generated).Groups[1].Value;

    private static int LineNumber(string generated) => int.Parse(LineNumberPattern().Match(generated).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex("fileName: \"([^\"]*)\"")]
    private static partial Regex FileNamePattern();

    [GeneratedRegex("lineNumber: (\\d+),")]
    private static partial Regex LineNumberPattern();
}

using System.Text;
using BenchmarkDotNet.Attributes;
using Braintrust.Traced.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Braintrust.Traced.Benchmarks;

/// <summary>
/// What the [Traced] generator costs a build: a project with 1,000 traced methods (100 types of 10), generated from
/// scratch, and regenerated after an edit to an unrelated file (the incremental path an IDE takes on every keystroke).
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private const int TypeCount = 100;
    private const int MethodsPerType = 10;

    private CSharpCompilation _compilation = null!;
    private GeneratorDriver _warmDriver = null!;
    private CSharpCompilation _editedCompilation = null!;

    [GlobalSetup]
    public void BuildProject()
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.Preview);
        var trees = Enumerable.Range(0, TypeCount)
            .Select(i => CSharpSyntaxTree.ParseText(TracedType(i), parseOptions, path: $"Service{i}.cs"))
            .Append(CSharpSyntaxTree.ParseText("public static class Unrelated { public static int Value => 1; }", parseOptions, path: "Unrelated.cs"))
            .ToArray();

        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Select(path => MetadataReference.CreateFromFile(path))
            .Append(MetadataReference.CreateFromFile(typeof(TracedAttribute).Assembly.Location));

        _compilation = CSharpCompilation.Create("Bench", trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        _warmDriver = NewDriver(parseOptions).RunGenerators(_compilation);

        var unrelated = trees[^1];
        _editedCompilation = _compilation.ReplaceSyntaxTree(unrelated,
            unrelated.WithChangedText(unrelated.GetText().Replace(0, 0, "// an edit\n")));
    }

    [Benchmark]
    public GeneratorDriver FullRun() => NewDriver((CSharpParseOptions)_compilation.SyntaxTrees.First().Options).RunGenerators(_compilation);

    [Benchmark]
    public GeneratorDriver IncrementalRunAfterUnrelatedEdit() => _warmDriver.RunGenerators(_editedCompilation);

    private static GeneratorDriver NewDriver(CSharpParseOptions parseOptions) =>
        CSharpGeneratorDriver.Create([new TracedGenerator().AsSourceGenerator()], parseOptions: parseOptions);

    private static string TracedType(int index)
    {
        var source = new StringBuilder($$"""
            using System.Threading.Tasks;
            using Braintrust.Traced;

            namespace Bench.Services;

            public partial class Service{{index}}
            {
            """);
        for (var m = 0; m < MethodsPerType; m++)
        {
            source.AppendLine($$"""
                    [Traced]
                    public partial Task<string> Operation{{m}}Async(string text, int count);

                    private Task<string> Operation{{m}}AsyncCore(string text, int count) => Task.FromResult(text);
                """);
        }

        return source.Append('}').ToString();
    }
}

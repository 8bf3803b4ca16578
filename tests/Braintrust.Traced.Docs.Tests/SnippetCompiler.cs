using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Braintrust.Traced.Docs.Tests;

/// <summary>
/// Compiles a snippet as a user's project would: the SDK's implicit usings (console and web), the repository's
/// packages referenced, the [Traced] generator run. Only errors count: a snippet may show code that draws a warning.
/// </summary>
public static partial class SnippetCompiler
{
    // What `<ImplicitUsings>enable</ImplicitUsings>` gives a Microsoft.NET.Sdk.Web project (a superset of the console one).
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Net.Http.Json;
        global using System.Threading;
        global using System.Threading.Tasks;
        global using Microsoft.AspNetCore.Builder;
        global using Microsoft.AspNetCore.Hosting;
        global using Microsoft.AspNetCore.Http;
        global using Microsoft.AspNetCore.Routing;
        global using Microsoft.Extensions.Configuration;
        global using Microsoft.Extensions.DependencyInjection;
        global using Microsoft.Extensions.Hosting;
        global using Microsoft.Extensions.Logging;
        """;

    private static readonly CSharpParseOptions s_parseOptions = new(LanguageVersion.Latest);

    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(() =>
        [.. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))]);

    private static readonly Lazy<ImmutableArray<ISourceGenerator>> s_generators = new(LoadGenerators);

    /// <summary>The error diagnostics of the snippet, formatted with their line in the Markdown file.</summary>
    public static IReadOnlyList<string> Errors(CodeBlock block)
    {
        var snippet = CSharpSyntaxTree.ParseText(SourceOf(block), s_parseOptions, path: block.File);
        var hasTopLevelStatements = snippet.GetRoot().DescendantNodes().OfType<GlobalStatementSyntax>().Any();
        var compilation = CSharpCompilation.Create(
            "Snippet",
            [snippet, CSharpSyntaxTree.ParseText(ImplicitUsings, s_parseOptions, path: "ImplicitUsings.g.cs")],
            s_references.Value,
            new CSharpCompilationOptions(
                hasTopLevelStatements ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                allowUnsafe: true));

        CSharpGeneratorDriver.Create(s_generators.Value, parseOptions: s_parseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out var generated, out var generatorDiagnostics);

        return [.. generatorDiagnostics.Concat(generated.GetDiagnostics())
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => Describe(block, d))];
    }

    /// <summary>
    /// The snippet as one C# file: its using directives, then the compile-with prelude, then the rest. #line
    /// directives map every line back to its line in the Markdown file (the prelude is not in it: hidden).
    /// </summary>
    internal static string SourceOf(CodeBlock block)
    {
        var lines = block.Code.Split('\n');
        var firstLine = block.Line + 1;
        if (block.Prelude is null)
        {
            return $"#line {firstLine} \"{block.File}\"\n{block.Code}";
        }

        var usingCount = lines.TakeWhile(line => string.IsNullOrWhiteSpace(line) || UsingDirective().IsMatch(line)).Count();
        return string.Join('\n', [
            $"#line {firstLine} \"{block.File}\"",
            .. lines[..usingCount],
            "#line hidden",
            block.Prelude,
            $"#line {firstLine + usingCount} \"{block.File}\"",
            .. lines[usingCount..]]);
    }

    private static string Describe(CodeBlock block, Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetMappedLineSpan();
        return diagnostic.Location.IsInSource && span.Path == block.File
            ? $"{block.File}:{span.StartLinePosition.Line + 1}: {diagnostic.Id} {diagnostic.GetMessage()}"
            : $"{block} (compile-with or generated code): {diagnostic.Id} {diagnostic.GetMessage()}";
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*(global\s+)?using\s+(static\s+)?[A-Za-z_][\w.]*(\s*=\s*[\w.<>]+)?\s*;")]
    private static partial System.Text.RegularExpressions.Regex UsingDirective();

    private static ImmutableArray<ISourceGenerator> LoadGenerators()
    {
        var path = Path.GetFullPath(typeof(SnippetCompiler).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "GeneratorPath").Value!);
        var assembly = Assembly.LoadFrom(path);
        var generators = assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(IIncrementalGenerator).IsAssignableFrom(t))
            .Select(t => ((IIncrementalGenerator)Activator.CreateInstance(t)!).AsSourceGenerator())
            .ToImmutableArray();
        return generators.IsEmpty ? throw new InvalidOperationException($"no incremental generator in {path}") : generators;
    }
}

using Braintrust.Traced.Analyzers.Analyzers;
using Braintrust.Traced.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;

namespace Braintrust.Traced.Analyzers.Tests;

/// <summary>BTT010: the generated code needs Braintrust.Traced.Runtime.TracedCalls from runtime 0.1.0 or later.</summary>
public sealed class RuntimeReferenceTests
{
    private const string TracedUse = """
        namespace App
        {
            public partial class Worker
            {
                [{|#0:Braintrust.Traced.Traced|}]
                public partial int Run(int value);

                private int RunCore(int value) => value;
            }
        }
        """;

    /// <summary>The attribute alone, as someone copying it into their project (or an unrelated package) would have it.</summary>
    private const string AttributeOnly = """
        namespace Braintrust.Traced
        {
            [System.AttributeUsage(System.AttributeTargets.Method)]
            public sealed class TracedAttribute : System.Attribute
            {
            }
        }
        """;

    [Test]
    public async Task MissingRuntimeIsAnError()
    {
        var test = CreateTestWithoutRuntime();
        test.TestState.Sources.Add(TracedUse);
        test.TestState.Sources.Add(AttributeOnly);
        test.ExpectedDiagnostics.Add(Verify<TracedDeclarationAnalyzer>.Diagnostic("BTT010").WithLocation(0)
            .WithArguments("Run", "0.1.0", "'Braintrust.Traced.Runtime.TracedCalls' is not referenced"));
        await test.RunAsync();
    }

    [Test]
    public async Task RuntimeOlderThanTheGeneratorExpectsIsAnError()
    {
        var test = CreateTestWithoutRuntime();
        test.TestState.AdditionalReferences.Add(CompileRuntime("0.0.9.0"));
        test.TestState.Sources.Add(TracedUse);
        test.ExpectedDiagnostics.Add(Verify<TracedDeclarationAnalyzer>.Diagnostic("BTT010").WithLocation(0)
            .WithArguments("Run", "0.1.0", "version 0.0.9 is referenced"));
        await test.RunAsync();
    }

    [Test]
    public async Task CurrentRuntimeIsFine()
    {
        await Verify<TracedDeclarationAnalyzer>.AnalyzerAsync(TracedUse.Replace("{|#0:", string.Empty, StringComparison.Ordinal).Replace("|}", string.Empty, StringComparison.Ordinal));
    }

    [Test]
    public async Task ProjectsThatDoNotUseTracedAreNotTold()
    {
        var test = CreateTestWithoutRuntime();
        test.TestState.Sources.Add("public class Plain { public int Run(int value) => value; }");
        await test.RunAsync();
    }

    private static TracedAnalyzerTest<TracedDeclarationAnalyzer, EmptyCodeFixProvider> CreateTestWithoutRuntime()
    {
        var test = new TracedAnalyzerTest<TracedDeclarationAnalyzer, EmptyCodeFixProvider>();
        var runtimeLocation = typeof(TracedAttribute).Assembly.Location;
        test.TestState.AdditionalReferences.RemoveAll(reference => reference is PortableExecutableReference { FilePath: var path } && path == runtimeLocation);
        return test;
    }

    /// <summary>A Braintrust.Traced assembly of the given version with the attribute and the runtime entry point.</summary>
    private static MetadataReference CompileRuntime(string version)
    {
        var source = $$"""
            [assembly: System.Reflection.AssemblyVersion("{{version}}")]
            {{AttributeOnly}}
            namespace Braintrust.Traced.Runtime
            {
                public static class TracedCalls
                {
                }
            }
            """;
        var compilation = CSharpCompilation.Create(
            "Braintrust.Traced",
            new[] { CSharpSyntaxTree.ParseText(source) },
            TestReferences.All.Where(reference => reference is not PortableExecutableReference { FilePath: var path } || !path!.EndsWith("Braintrust.Traced.dll", StringComparison.Ordinal)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        Assert.That(result.Success, Is.True, string.Join(Environment.NewLine, result.Diagnostics));
        return MetadataReference.CreateFromImage(image.ToArray());
    }
}

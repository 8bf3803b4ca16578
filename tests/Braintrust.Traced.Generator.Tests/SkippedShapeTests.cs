using Braintrust.Traced.Generator.Tests.Infrastructure;

namespace Braintrust.Traced.Generator.Tests;

/// <summary>
/// Shapes the generator cannot write are left alone: no file, no diagnostic from the generator (the analyzers
/// explain them), so the user never sees an error inside generated code.
/// </summary>
public sealed class SkippedShapeTests
{
    [TestCase("public partial class NoCore { [Traced] public partial int M(int x); }", TestName = "No implementation method")]
    [TestCase("public partial class WrongCore { [Traced] public partial int M(int x); private int MCore(string x) => 0; }", TestName = "Implementation with another signature")]
    [TestCase("public partial class WrongReturn { [Traced] public partial int M(int x); private long MCore(int x) => 0; }", TestName = "Implementation with another return type")]
    [TestCase("public partial class StaticFromInstance { [Traced] public static partial int M(int x); private int MCore(int x) => 0; }", TestName = "Static method with an instance implementation")]
    [TestCase("public class NotPartialType { [Traced] public partial int M(int x); private int MCore(int x) => 0; }", TestName = "Containing type not partial")]
    [TestCase("public class Outer { public partial class Inner { [Traced] public partial int M(int x); private int MCore(int x) => 0; } }", TestName = "Outer type not partial")]
    [TestCase("public partial class HasBody { [Traced] public partial int M(int x); public partial int M(int x) => x; private int MCore(int x) => 0; }", TestName = "Implementing declaration written by hand")]
    [TestCase("public partial class RefReturn { private int _f; [Traced] public partial ref int M(); private ref int MCore() => ref _f; }", TestName = "By-ref return")]
    [TestCase("file partial class FileLocal { [Traced] public partial int M(int x); private int MCore(int x) => 0; }", TestName = "File-local type")]
    [TestCase("public interface IRun { int Run(); } public partial class Runner : IRun { [Traced] partial int IRun.Run(); private int RunCore() => 1; }", TestName = "Explicit interface implementation (C# forbids partial ones)")]
    [TestCase("public partial class NotTracedMethod { public partial int M(int x); public partial int M(int x) => x; }", TestName = "No attribute")]
    public void GeneratesNothing(string declaration)
    {
        var run = GeneratorRunner.Run("using Braintrust.Traced;\nnamespace Demo;\n" + declaration);

        Assert.Multiple(() =>
        {
            Assert.That(run.GeneratedSources, Is.Empty);
            Assert.That(run.GeneratorDiagnostics, Is.Empty);
        });
    }

    [Test]
    public void OneSkippedMethodDoesNotStopItsNeighbours()
    {
        var run = GeneratorRunner.Run("""
            using Braintrust.Traced;
            namespace Demo;
            public partial class Mixed
            {
                [Traced] public partial int Good(int x);
                [Traced] public partial int Missing(int x);
                private int GoodCore(int x) => x;
            }
            """);

        Assert.That(run.GeneratedSources.Single().Value, Does.Contain("partial int Good(int x)").And.Not.Contain("Missing"));
    }
}

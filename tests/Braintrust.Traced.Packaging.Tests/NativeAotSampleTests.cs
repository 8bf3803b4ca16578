using System.Diagnostics;

namespace Braintrust.Traced.Packaging.Tests;

/// <summary>
/// samples/NativeAot published with PublishAot=true: [Traced] code must trim and compile ahead of time with no warning,
/// and the native program must still trace (the generator uses no reflection; the runtime's JSON is source-generated).
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class NativeAotSampleTests
{
    [Test]
    public void Native_AOT_sample_publishes_without_trim_or_AOT_warnings_and_traces()
    {
        var output = Directory.CreateTempSubdirectory("bt-aot-").FullName;
        try
        {
            var project = Path.Combine(RepositoryPaths.Root, "samples", "NativeAot", "NativeAot.csproj");
            var publishLog = DotNet.Run(RepositoryPaths.Root, "publish", project, "-c", "Release", "-r", "linux-x64", "-o", output);

            Assert.That(publishLog, Does.Not.Match(@"warning IL\d{4}"), "trimming/AOT warnings:\n" + publishLog);

            var run = Process.Start(new ProcessStartInfo(Path.Combine(output, "NativeAot"))
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                Environment = { ["BRAINTRUST_API_KEY"] = "" },
            })!;
            var stdout = run.StandardOutput.ReadToEnd();
            Assert.That(run.WaitForExit(TimeSpan.FromMinutes(1)), Is.True, "the native sample did not exit");
            Assert.Multiple(() =>
            {
                Assert.That(run.ExitCode, Is.Zero, run.StandardError.ReadToEnd());
                Assert.That(stdout, Does.Contain("answer: 42"));
                Assert.That(stdout, Does.Contain("span Multiply input={\"left\":6,\"right\":7} output=42"));
                Assert.That(stdout, Does.Contain("span answer_question input={\"question\":{\"Text\":\"What is 6 x 7?\",\"Language\":\"en\"}} output={\"Text\":\"42\",\"Tokens\":3}"));
            });
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}

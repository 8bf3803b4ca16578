using System.Diagnostics;
using Braintrust.Traced.Analyzers.Analyzers;
using Braintrust.Traced.Analyzers.CodeFixes;

namespace Braintrust.Traced.Analyzers.Tests;

/// <summary>
/// The diagnostics as a user meets them: a real project, built with `dotnet build`, referencing the runtime and the
/// analyzer assemblies the way the package does, printing ID, file and line/column.
/// </summary>
public sealed class BuildOutputTests
{
    private const string Program = """
        using Braintrust.Traced;

        namespace App;

        public partial class Accounts
        {
            [Traced]
            public string Login(string user, string password)
            {
                return user;
            }

            public void Plain([Redact] string value)
            {
            }
        }
        """;

    private string directory = string.Empty;

    [SetUp]
    public void CreateProject()
    {
        directory = Path.Combine(Path.GetTempPath(), "btt-build-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "Accounts.cs"), Program);
        File.WriteAllText(Path.Combine(directory, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net{Environment.Version.ToString(2)}</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <Reference Include="Braintrust.Traced" HintPath="{typeof(TracedAttribute).Assembly.Location}" />
                <Analyzer Include="{typeof(TracedDeclarationAnalyzer).Assembly.Location}" />
                <Analyzer Include="{typeof(MakeTracedMethodPartialCodeFixProvider).Assembly.Location}" />
              </ItemGroup>
            </Project>
            """);
    }

    [TearDown]
    public void DeleteProject()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public async Task DiagnosticsAppearInTheBuildOutputWithIdFileAndPosition()
    {
        var (exitCode, output) = await BuildAsync();

        Assert.That(exitCode, Is.Not.Zero, "BTT001 is an error, so the build fails");
        Assert.That(output, Does.Contain("Accounts.cs(8,19): error BTT001: [Traced] method 'Login' must be declared 'partial' without a body"));
        Assert.That(output, Does.Contain("'LoginCore' (https://github.com/braintrust-traced/braintrust-traced/blob/main/docs/diagnostics.md#btt001)"), "the help link follows the message");
        Assert.That(output, Does.Contain("Accounts.cs(8,45): warning BTT007: Parameter 'password' looks like it holds a secret"));
        Assert.That(output, Does.Contain("Accounts.cs(13,24): warning BTT011: [Redact] on parameter 'value' has no effect because 'Plain' is not [Traced]"));

        // AD0001 is an analyzer that threw; CS8032 one the compiler could not even load (the code-fix assembly sits in
        // the same analyzer folder of the package and must load quietly without Workspaces).
        Assert.That(output, Does.Not.Contain("AD0001").And.Not.Contain("CS8032"));
    }

    private async Task<(int ExitCode, string Output)> BuildAsync()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "build", "App.csproj", "-nologo", "--disable-build-servers", "-nodeReuse:false", "-consoleLoggerParameters:NoSummary" })
        {
            start.ArgumentList.Add(argument);
        }

        // No telemetry or first-run banner noise in the captured output.
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}

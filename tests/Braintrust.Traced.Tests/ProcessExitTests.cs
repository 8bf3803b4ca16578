using System.Diagnostics;
using System.Reflection;
using Braintrust.Traced.Tests.Infrastructure;

namespace Braintrust.Traced.Tests;

/// <summary>A separate process configured only by environment variables, exiting without a flush.</summary>
[TestFixture]
public sealed class ProcessExitTests
{
    private static readonly string s_exitApp = typeof(ProcessExitTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ExitAppPath").Value!;

    [Test]
    public async Task A_process_that_exits_normally_delivers_every_row()
    {
        await using var server = await FakeBraintrustServer.StartAsync();
        var (exitCode, output) = await RunExitAppAsync(50, new Dictionary<string, string>
        {
            ["BRAINTRUST_API_KEY"] = FakeBraintrustServer.ApiKey,
            ["BRAINTRUST_APP_URL"] = server.Url,
            ["BRAINTRUST_DEFAULT_PROJECT_NAME"] = "exit-app",
        });

        Assert.That(exitCode, Is.Zero, output);
        Assert.That(output, Does.Contain("tracing enabled for project exit-app"));
        var spans = server.MergedSpans();
        Assert.That(spans, Has.Count.EqualTo(51));
        Assert.That(spans.Select(s => s.Str("project_id")).Distinct(), Is.EqualTo(new[] { "proj-exit-app" }));
        var root = spans.Named("exit_app_root");
        var steps = spans.AllNamed("exit_app_step");
        Assert.That(steps.Select(s => s["input"]!["index"]!.GetValue<int>()).Order(), Is.EqualTo(Enumerable.Range(0, 50)));
        Assert.That(steps.Select(s => s.Parent()), Is.All.EqualTo(root.Str("span_id")));
    }

    [Test]
    public async Task Without_an_api_key_in_the_environment_tracing_stays_off()
    {
        await using var server = await FakeBraintrustServer.StartAsync();
        var (exitCode, output) = await RunExitAppAsync(3, new Dictionary<string, string> { ["BRAINTRUST_APP_URL"] = server.Url });

        Assert.That(exitCode, Is.Zero, output);
        Assert.That(output, Does.Contain("tracing disabled"));
        Assert.That(server.Requests, Is.Empty);
    }

    private static async Task<(int ExitCode, string Output)> RunExitAppAsync(int calls, Dictionary<string, string> environment)
    {
        Assert.That(File.Exists(s_exitApp), Is.True, $"the exit app is built next to the tests: {s_exitApp}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(s_exitApp);
        start.ArgumentList.Add(calls.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("BRAINTRUST_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}

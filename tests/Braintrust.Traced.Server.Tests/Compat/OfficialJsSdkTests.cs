using System.Diagnostics;
using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Tests.Infrastructure;

namespace Braintrust.Traced.Server.Tests.Compat;

/// <summary>
/// The unmodified official <c>braintrust</c> npm SDK (3.35.0, tests/compat-js) logs a nested trace and feedback into a
/// live server process; the trace is read back through the query API.
/// </summary>
public sealed class OfficialJsSdkTests
{
    private const string Key = "compat-js-key-0123456789abcdef";

    [Test]
    public async Task The_official_sdk_logs_a_nested_trace_with_feedback_that_reads_back_through_the_query_api()
    {
        using var data = new TempDirectory();
        await using var server = await ServerProcess.StartAsync(data.Path, Key);
        var (rootId, rootSpanId) = await RunCompatScriptAsync(server, bigPayloadBytes: 0);
        using var client = server.CreateClient(Key);
        var projectId = (await client.GetObjectAsync("/v1/project?project_name=compat-js"))["objects"]![0]!["id"]!.GetValue<string>();
        var traces = await client.GetObjectAsync($"/api/v1/projects/{projectId}/traces");
        var summary = traces["traces"]!.AsArray().Single()!;
        Assert.Multiple(() =>
        {
            Assert.That(summary["id"]!.GetValue<string>(), Is.EqualTo(rootId));
            Assert.That(summary["name"]!.GetValue<string>(), Is.EqualTo("handle_request"));
            Assert.That(summary["span_count"]!.GetValue<int>(), Is.EqualTo(3));
            Assert.That(summary["tokens"]!["total"]!.GetValue<double>(), Is.EqualTo(6));
            JsonAssert.AreEquivalent(summary["tags"], """["compat"]""");
        });

        var trace = await client.GetObjectAsync($"/api/v1/projects/{projectId}/traces/{rootSpanId}");
        var root = trace["spans"]!.AsArray().Single()!;
        var tool = root["children"]!.AsArray().Single()!;
        var llm = tool["children"]!.AsArray().Single()!;
        Assert.Multiple(() =>
        {
            Assert.That(tool["name"]!.GetValue<string>(), Is.EqualTo("classify_text"));
            Assert.That(tool["type"]!.GetValue<string>(), Is.EqualTo("tool"));
            Assert.That(llm["name"]!.GetValue<string>(), Is.EqualTo("llm_call"));
            Assert.That(llm["output"]!.GetValue<string>(), Is.EqualTo("positive"));
            JsonAssert.AreEquivalent(root["output"], """{"label":"positive"}""");
            JsonAssert.AreEquivalent(root["scores"],
                """{"confidence":{"value":0.9,"averaged":false},"correctness":{"value":1,"averaged":false}}""",
                "the feedback score was merged into the root span next to the logged one");
            Assert.That(root["comments"]!.AsArray().Select(c => c!["text"]!.GetValue<string>()), Is.EqualTo(new[] { "looks right" }));
            Assert.That(root["comments"]![0]!["metadata"]!["reviewer"]!.GetValue<string>(), Is.EqualTo("compat-test"));
            Assert.That(root["duration_ms"]!.GetValue<double>(), Is.GreaterThan(0));
        });
    }

    [Test]
    public async Task A_batch_above_the_advertised_limit_goes_through_the_sdks_overflow_upload()
    {
        using var data = new TempDirectory();
        await using var server = await ServerProcess.StartAsync(data.Path, Key, "--BRAINTRUST_TRACED_MAX_BODY_BYTES=65536");
        var (_, rootSpanId) = await RunCompatScriptAsync(server, bigPayloadBytes: 200_000);

        using var client = server.CreateClient(Key);
        var projectId = (await client.GetObjectAsync("/v1/project?project_name=compat-js"))["objects"]![0]!["id"]!.GetValue<string>();
        var trace = await client.GetObjectAsync($"/api/v1/projects/{projectId}/traces/{rootSpanId}");
        var root = trace["spans"]!.AsArray().Single()!;
        Assert.That(root["metadata"]!["blob"]!.GetValue<string>(), Has.Length.EqualTo(200_000));
        Assert.That(Directory.GetFiles(Path.Combine(data.Path, "overflow"), "*.payload.json"), Is.Not.Empty, "the batch really took the overflow path");
    }

    private static async Task<(string RootId, string RootSpanId)> RunCompatScriptAsync(ServerProcess server, int bigPayloadBytes)
    {
        var compatDir = Path.Combine(RepositoryPaths.Root, "tests", "compat-js");
        await EnsureNodeModulesAsync(compatDir);
        var (exitCode, stdout, stderr) = await RunAsync("node", ["compat.mjs"], compatDir, new Dictionary<string, string>
        {
            ["BRAINTRUST_APP_URL"] = server.Url,
            ["BRAINTRUST_API_KEY"] = Key,
            ["COMPAT_PROJECT"] = "compat-js",
            ["COMPAT_BIG_PAYLOAD"] = bigPayloadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        Assert.That(exitCode, Is.EqualTo(0), $"node compat.mjs failed:\n{stdout}\n{stderr}\nserver:\n{server.Output}");
        var result = JsonNode.Parse(stdout.Trim().Split('\n')[^1])!;
        return (result["root_id"]!.GetValue<string>(), result["root_span_id"]!.GetValue<string>());
    }

    /// <summary>CI installs the packages (test.sh); a developer machine without them gets them here from the lock file.</summary>
    private static async Task EnsureNodeModulesAsync(string compatDir)
    {
        if (Directory.Exists(Path.Combine(compatDir, "node_modules", "braintrust")))
        {
            return;
        }
        var (code, stdout, stderr) = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], compatDir, []);
        Assert.That(code, Is.EqualTo(0), $"npm ci in {compatDir} failed:\n{stdout}\n{stderr}");
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string file, string[] args, string workingDirectory, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        using var process = System.Diagnostics.Process.Start(start)
            ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}

using System.Text.RegularExpressions;
using Braintrust.Traced.Samples.Tests.Infrastructure;
using static Braintrust.Traced.Samples.Tests.Infrastructure.TraceTree;

namespace Braintrust.Traced.Samples.Tests.Readme;

/// <summary>
/// Follows README.md as a newcomer does: its first command starts the server, which answers on the URL it prints and
/// writes the API key where the README says; a sample logs into it with the variables the README exports; the trace is
/// then readable through the query API.
/// </summary>
public sealed partial class ReadmeWalkthroughTests
{
    [Test]
    public async Task The_first_command_starts_a_server_a_sample_logs_into_and_the_trace_reads_back()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(BuiltPrograms.RepositoryRoot, "README.md"));
        var firstCommand = ShellBlock().Match(readme).Groups[1].Value.Trim();
        Assert.That(firstCommand, Is.EqualTo("dotnet run --project src/Braintrust.Traced.Server"),
            "the README's first command is the one this test knows how to run; update the test with the README");
        var exported = ExportLine().Matches(readme).Select(m => m.Groups[1].Value).ToArray();
        Assert.That(exported, Is.EquivalentTo(new[] { "BRAINTRUST_APP_URL", "BRAINTRUST_API_KEY" }),
            "the README tells the user to export exactly these");

        using var data = new TempDirectory();
        // Only what cannot be literal on a shared machine changes: a free port instead of 5000, a fresh data dir.
        await using var server = ChildProcess.StartShell(firstCommand, BuiltPrograms.RepositoryRoot, new Dictionary<string, string?>
        {
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["BRAINTRUST_TRACED_DATA_DIR"] = data.Path,
        });
        var url = (await server.WaitForLineAsync(Patterns.ServerListening(), TimeSpan.FromSeconds(150))).Groups[1].Value;

        using (var http = new HttpClient { BaseAddress = new Uri(url) })
        {
            Assert.That(await http.GetStringAsync("/health"), Does.Contain("\"ok\""), "the server answers on the URL it printed");
        }

        var keyFile = Path.Combine(data.Path, "initial-api-key.txt");
        Assert.That(File.Exists(keyFile), Is.True, $"the README promises the first key in {keyFile}:\n{server.Output}");
        var apiKey = (await File.ReadAllTextAsync(keyFile)).Trim();
        Assert.That(server.Output, Does.Contain(apiKey), "the README promises the key is printed on the first start");

        await using var sample = ChildProcess.StartDotnet(BuiltPrograms.Quickstart, [], new Dictionary<string, string?>
        {
            ["BRAINTRUST_APP_URL"] = url,
            ["BRAINTRUST_API_KEY"] = apiKey,
        });
        Assert.That(await sample.WaitForExitAsync(TimeSpan.FromSeconds(60)), Is.Zero, sample.Output);
        var rootSpanId = Patterns.RootSpanId().Match(sample.Output).Groups[1].Value;

        using var query = new QueryApi(url, apiKey);
        var trace = await query.TraceAsync(await query.ProjectIdAsync("quickstart"), rootSpanId, spanCount: 6);
        Assert.That((string?)Roots(trace).Single()["name"], Is.EqualTo("support_request"));
    }

    [GeneratedRegex(@"```sh\n(.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex ShellBlock();

    [GeneratedRegex(@"^export (BRAINTRUST_\w+)=", RegexOptions.Multiline)]
    private static partial Regex ExportLine();
}

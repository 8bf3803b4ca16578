using System.Net;
using Braintrust.Traced.Server.Cli;
using Braintrust.Traced.Server.Tests.Infrastructure;

namespace Braintrust.Traced.Server.Tests.Auth;

/// <summary>The <c>keys</c> CLI verbs against the same data dir a running server uses.</summary>
public sealed class KeysCliTests
{
    private TestServer _server = null!;

    [OneTimeSetUp]
    public async Task Start() => _server = await TestServer.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _server.DisposeAsync();

    private async Task<(int Code, string Output, string Errors)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var code = await KeysCommand.RunAsync([.. args, "--data-dir", _server.DataDir], output, errors);
        return (code, output.ToString(), errors.ToString());
    }

    [Test]
    public async Task Create_list_and_revoke_a_key_that_the_running_server_honours()
    {
        var (code, output, _) = await RunAsync("create", "--org", "cli-org", "--name", "ci");
        Assert.That(code, Is.EqualTo(0));
        var key = output.Split('\n', StringSplitOptions.TrimEntries).Single(l => l.StartsWith("btk-", StringComparison.Ordinal));
        var client = _server.CreateClient(key);
        var login = await HttpJson.ReadObjectAsync(await client.PostAsync("/api/apikey/login", null), HttpStatusCode.OK);
        Assert.That(login["org_info"]![0]!["name"]!.GetValue<string>(), Is.EqualTo("cli-org"));

        var keyId = key[4..16];
        var (listCode, listing, _) = await RunAsync("list", "--org", "cli-org");
        Assert.That(listCode, Is.EqualTo(0));
        Assert.That(listing, Does.Contain(keyId).And.Contain("active"));
        Assert.That(listing, Does.Not.Contain(key[17..]), "listing never shows secrets");

        var (revokeCode, _, _) = await RunAsync("revoke", keyId);
        Assert.That(revokeCode, Is.EqualTo(0));
        Assert.That((await client.GetAsync("/v1/project")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        var (_, afterRevoke, _) = await RunAsync("list", "--org", "cli-org");
        Assert.That(afterRevoke, Does.Contain("revoked"));
    }

    [Test]
    public async Task The_server_program_dispatches_the_keys_verb()
    {
        using var data = new TempDirectory();
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Braintrust.Traced.Server.dll"), "keys", "create", "--org", "proc-org", "--data-dir", data.Path })
        {
            start.ArgumentList.Add(arg);
        }
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.That(process.ExitCode, Is.EqualTo(0), output + await process.StandardError.ReadToEndAsync());
        Assert.That(output, Does.Contain("Created API key").And.Contain("btk-"));
        Assert.That(File.Exists(Path.Combine(data.Path, "braintrust-traced.db")), Is.True, "the verb used the given data dir");
    }

    [Test]
    public async Task Usage_errors_and_unknown_keys_have_distinct_exit_codes()
    {
        Assert.That((await RunAsync("create")).Code, Is.EqualTo(2), "--org is required");
        Assert.That((await RunAsync("frobnicate")).Code, Is.EqualTo(2));
        var (code, _, errors) = await RunAsync("revoke", "000000000000");
        Assert.That(code, Is.EqualTo(1));
        Assert.That(errors, Does.Contain("no active key"));
    }
}

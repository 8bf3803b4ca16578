using System.Net;
using System.Net.Http.Headers;
using Braintrust.Traced.Server.Hosting;
using Braintrust.Traced.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;

namespace Braintrust.Traced.Server.Tests.Auth;

/// <summary>First start of an empty database: an org and an admin key, shown once.</summary>
public sealed class BootstrapTests
{
    private static async Task<(WebApplication App, string Output)> StartAsync(TempDirectory directory, params string[] extra)
    {
        var console = new StringWriter();
        var app = await ServerApp.CreateAsync(
            ["--urls=http://127.0.0.1:0", $"--BRAINTRUST_TRACED_DATA_DIR={directory.Path}", "--Logging:LogLevel:Default=Warning", .. extra], console);
        await app.StartAsync();
        return (app, console.ToString());
    }

    [Test]
    public async Task An_empty_database_gets_an_org_and_a_key_printed_once_and_saved_owner_only()
    {
        using var directory = new TempDirectory();
        var (app, output) = await StartAsync(directory);
        string key;
        try
        {
            var keyFile = Path.Combine(directory.Path, ServerOptions.InitialKeyFileName);
            key = (await File.ReadAllTextAsync(keyFile)).Trim();
            Assert.That(output, Does.Contain(key), "the key is shown on the console");
            Assert.That(output, Does.Contain(ServerApp.Addresses(app).First()), "the banner shows the URL");
            Assert.That(output, Does.Contain("braintrust-traced.db"), "the banner shows where the database is");
            if (!OperatingSystem.IsWindows())
            {
                Assert.That(File.GetUnixFileMode(keyFile), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
            }
            using var client = new HttpClient { BaseAddress = new Uri(ServerApp.Addresses(app).First()) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            var login = await HttpJson.ReadObjectAsync(await client.PostAsync("/api/apikey/login", null), HttpStatusCode.OK);
            Assert.That(login["org_info"]![0]!["name"]!.GetValue<string>(), Is.EqualTo(Bootstrapper.DefaultOrgName));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        var (again, secondOutput) = await StartAsync(directory);
        await again.StopAsync();
        await again.DisposeAsync();
        Assert.That(secondOutput, Does.Not.Contain(key), "a restart never shows the key again");
    }

    [Test]
    public async Task Init_variables_bootstrap_headlessly_without_echoing_the_key()
    {
        using var directory = new TempDirectory();
        const string key = "ci-bootstrap-key-0123456789";
        var (app, output) = await StartAsync(directory, "--BRAINTRUST_TRACED_INIT_ORG=acme", $"--BRAINTRUST_TRACED_INIT_API_KEY={key}");
        try
        {
            Assert.That(output, Does.Not.Contain(key));
            Assert.That(File.Exists(Path.Combine(directory.Path, ServerOptions.InitialKeyFileName)), Is.False);
            using var client = new HttpClient { BaseAddress = new Uri(ServerApp.Addresses(app).First()) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            var login = await HttpJson.ReadObjectAsync(await client.PostAsync("/api/apikey/login", null), HttpStatusCode.OK);
            Assert.That(login["org_info"]![0]!["name"]!.GetValue<string>(), Is.EqualTo("acme"));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    [Test]
    public void A_too_short_init_key_stops_the_start_with_a_clear_error()
    {
        using var directory = new TempDirectory();
        Assert.That(async () => await StartAsync(directory, "--BRAINTRUST_TRACED_INIT_API_KEY=short"),
            Throws.ArgumentException.With.Message.Contains("at least 16 characters"));
    }
}

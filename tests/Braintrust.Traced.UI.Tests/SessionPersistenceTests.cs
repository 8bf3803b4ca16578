using System.Security.Cryptography;
using System.Text;
using Braintrust.Traced.Server.Auth;
using Braintrust.Traced.Server.Tests.Infrastructure;
using Braintrust.Traced.UI.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Braintrust.Traced.UI.Tests;

/// <summary>UI sessions live in the server's database: they survive restarts, hold no usable token, and end with their key.</summary>
public sealed class SessionPersistenceTests : UiTestBase
{
    private const string CookieName = "bt_traced_session";

    [Test]
    public async Task A_signed_in_browser_is_still_signed_in_after_the_server_restarts_on_the_same_data_dir()
    {
        using var dataDir = new TempDirectory();
        string projectName;
        await using (var first = await UiTestServer.StartAsync(dataDir))
        {
            projectName = "survives-restart-" + Guid.NewGuid().ToString("N")[..6];
            await SpanLog.CreateProjectAsync(first.Api, projectName);
            await Page.GotoAsync(first.BaseUrl + "/");
            await Page.GetByLabel("API key").FillAsync(UiTestServer.AdminKey);
            await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Expect(Page.GetByRole(AriaRole.Link, new() { Name = projectName })).ToBeVisibleAsync();
        }

        await using var second = await UiTestServer.StartAsync(dataDir);
        await Page.GotoAsync($"{second.BaseUrl}/orgs/{await second.OrgIdAsync()}/projects");
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = projectName })).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
        await Expect(Page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/sign-in"));
    }

    [Test]
    public async Task The_database_keeps_only_a_hash_of_the_session_token_and_sign_out_deletes_the_row()
    {
        using var dataDir = new TempDirectory();
        await using var server = await UiTestServer.StartAsync(dataDir);
        await Page.GotoAsync(server.BaseUrl + "/");
        await Page.GetByLabel("API key").FillAsync(UiTestServer.AdminKey);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
        var token = (await Page.Context.CookiesAsync()).Single(c => c.Name == CookieName).Value;

        var stored = await SessionHashesAsync(dataDir);
        Assert.That(stored, Is.EqualTo(new[] { Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token))) }));
        Assert.That(stored, Has.None.Contains(token), "the cookie token itself must never be stored");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(Page.GetByLabel("API key")).ToBeVisibleAsync();
        Assert.That(await SessionHashesAsync(dataDir), Is.Empty, "sign-out deletes the session row");
    }

    [Test]
    public async Task Revoking_the_key_a_browser_signed_in_with_ends_its_session()
    {
        var (key, record) = await new ApiKeyService(Server.Store).CreateAsync(await Server.OrgIdAsync(), "to-revoke", CancellationToken.None);
        await SignInAsync(key);
        var token = (await Page.Context.CookiesAsync()).Single(c => c.Name == CookieName).Value;
        using var replay = Server.CreateClient(apiKey: null);
        replay.DefaultRequestHeaders.Add("Cookie", $"{CookieName}={token}");
        using (var before = await replay.GetAsync("/api/v1/projects"))
        {
            Assert.That((int)before.StatusCode, Is.EqualTo(200), "the session works before the revocation");
        }

        Assert.That(await Server.Store.RevokeApiKeyAsync(record.KeyId, DateTimeOffset.UtcNow, CancellationToken.None), Is.True);

        using (var after = await replay.GetAsync("/api/v1/projects"))
        {
            Assert.That((int)after.StatusCode, Is.EqualTo(401), "a revoked key's session is refused");
        }
        await Page.ReloadAsync();
        await Expect(Page.GetByLabel("API key")).ToBeVisibleAsync();
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/sign-in"));
    }

    [Test]
    public async Task Two_server_instances_on_one_PostgreSQL_database_share_sessions_and_sign_out()
    {
        var database = PostgresCluster.Instance.CreateDatabase();
        using var dirA = new TempDirectory();
        using var dirB = new TempDirectory();
        await using var a = await UiTestServer.StartAsync(dirA, $"--BRAINTRUST_TRACED_POSTGRES={database}");
        await using var b = await UiTestServer.StartAsync(dirB, $"--BRAINTRUST_TRACED_POSTGRES={database}");
        var projectName = "shared-" + Guid.NewGuid().ToString("N")[..6];
        await SpanLog.CreateProjectAsync(a.Api, projectName);

        await Page.GotoAsync(a.BaseUrl + "/");
        await Page.GetByLabel("API key").FillAsync(UiTestServer.AdminKey);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = projectName })).ToBeVisibleAsync();
        var token = (await Page.Context.CookiesAsync()).Single(c => c.Name == CookieName).Value;

        // The other instance knows the session (a load balancer may send the next request anywhere).
        await Page.GotoAsync($"{b.BaseUrl}/orgs/{await b.OrgIdAsync()}/projects");
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = projectName })).ToBeVisibleAsync();

        // Signing out through B ends the session on A too.
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(Page.GetByLabel("API key")).ToBeVisibleAsync();
        using var replay = a.CreateClient(apiKey: null);
        replay.DefaultRequestHeaders.Add("Cookie", $"{CookieName}={token}");
        using var response = await replay.GetAsync("/api/v1/projects");
        Assert.That((int)response.StatusCode, Is.EqualTo(401));
    }

    [Test]
    public async Task A_session_slides_while_used_ends_when_idle_and_never_outlives_its_absolute_cap()
    {
        // Short lifetimes (the settings operators use), on a clock the test moves: each request happens at an exact
        // session age, where waiting real time made a loaded machine's slow request look like an idle browser.
        // Starts at a whole second: the server stores milliseconds, so no sub-millisecond rest can tip an age over a limit.
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        await using var server = await UiTestServer.StartWithClockAsync(clock,
            "--BRAINTRUST_TRACED_UI_SESSION_IDLE_SECONDS=2", "--BRAINTRUST_TRACED_UI_SESSION_MAX_SECONDS=6");
        var halfASecond = TimeSpan.FromSeconds(0.5);

        // Used every 0.5 s for 3.5 s: longer than the idle timeout, still signed in (sliding).
        using (var browser = await SignedInClientAsync(server))
        {
            for (var used = halfASecond; used <= TimeSpan.FromSeconds(3.5); used += halfASecond)
            {
                clock.Advance(halfASecond);
                using var response = await browser.GetAsync("/api/v1/projects");
                Assert.That((int)response.StatusCode, Is.EqualTo(200), $"still in use after {used.TotalSeconds:N1} s");
            }
            // Then left alone for longer than the idle timeout: signed out.
            clock.Advance(TimeSpan.FromSeconds(3));
            using var idle = await browser.GetAsync("/api/v1/projects");
            Assert.That((int)idle.StatusCode, Is.EqualTo(401), "an idle session ends");
        }

        // Used all the time, a session still ends at its absolute cap, and not before.
        using (var browser = await SignedInClientAsync(server))
        {
            for (var age = halfASecond; age <= TimeSpan.FromSeconds(5.5); age += halfASecond)
            {
                clock.Advance(halfASecond);
                using var response = await browser.GetAsync("/api/v1/projects");
                Assert.That((int)response.StatusCode, Is.EqualTo(200), $"not before the cap: {age.TotalSeconds:N1} s after sign-in");
            }
            clock.Advance(TimeSpan.FromSeconds(1));
            using var capped = await browser.GetAsync("/api/v1/projects");
            Assert.That((int)capped.StatusCode, Is.EqualTo(401), "the absolute cap ends even an active session");
        }
    }

    /// <summary>Signs in over HTTP as the UI does and returns a client that sends the session cookie.</summary>
    private static async Task<HttpClient> SignedInClientAsync(UiTestServer server)
    {
        var client = server.CreateClient(apiKey: null, new SocketsHttpHandler { UseCookies = false });
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/ui/session")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { api_key = UiTestServer.AdminKey }),
        };
        request.Headers.Add("X-Braintrust-UI", "1");
        using var response = await client.SendAsync(request);
        Assert.That((int)response.StatusCode, Is.EqualTo(200));
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(CookieName + "=", StringComparison.Ordinal));
        client.DefaultRequestHeaders.Add("Cookie", cookie.Split(';')[0]);
        return client;
    }

    private static async Task<List<string>> SessionHashesAsync(TempDirectory dataDir)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDir.Path, "braintrust-traced.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT token_hash FROM ui_sessions";
        await using var reader = await command.ExecuteReaderAsync();
        var hashes = new List<string>();
        while (await reader.ReadAsync())
        {
            hashes.Add(reader.GetString(0));
        }
        return hashes;
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Braintrust.Traced.UI.Tests.Infrastructure;

namespace Braintrust.Traced.UI.Tests;

/// <summary>The UI's server side over plain HTTP: headers, the session cookie as an API credential, and its limits.</summary>
public sealed class SecurityTests
{
    private UiTestServer _server = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _server = await UiTestServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _server.DisposeAsync();

    private (HttpClient Client, CookieContainer Cookies) Browser()
    {
        var cookies = new CookieContainer();
        return (_server.CreateClient(apiKey: null, new HttpClientHandler { CookieContainer = cookies }), cookies);
    }

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/ui/session") { Content = JsonContent.Create(new { api_key = key }) };
        request.Headers.Add("X-Braintrust-UI", "1");
        return await client.SendAsync(request);
    }

    [Test]
    public async Task Pages_are_served_with_a_strict_content_security_policy_and_deep_links_fall_back_to_the_app()
    {
        using var client = _server.CreateClient(apiKey: null);
        foreach (var path in new[] { "/", "/sign-in", "/orgs/o/projects/p/traces/t?span=s" })
        {
            using var response = await client.GetAsync(path);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
            Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("<div id=\"root\">"), path);
            var csp = response.Headers.GetValues("Content-Security-Policy").Single();
            Assert.Multiple(() =>
            {
                Assert.That(csp, Does.Contain("script-src 'self'"));
                Assert.That(csp, Does.Not.Contain("unsafe-inline"));
                Assert.That(csp, Does.Not.Contain("unsafe-eval"));
                Assert.That(csp, Does.Contain("frame-ancestors 'none'"));
                Assert.That(response.Headers.GetValues("X-Content-Type-Options").Single(), Is.EqualTo("nosniff"));
                Assert.That(response.Headers.GetValues("X-Frame-Options").Single(), Is.EqualTo("DENY"));
                Assert.That(response.Headers.GetValues("Referrer-Policy").Single(), Is.EqualTo("no-referrer"));
            });
        }
        using var missing = await client.GetAsync("/app/assets/missing.js");
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        using var api = await client.GetAsync("/api/v1/projects");
        Assert.That(api.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "the API still needs a key or a session");
    }

    [Test]
    public async Task The_session_cookie_reads_the_query_api_like_a_bearer_key_but_never_another_orgs_data()
    {
        var mine = await SpanLog.CreateProjectAsync(_server.Api, "cookie-mine");
        var (_, otherKey) = await _server.CreateOrgAsync("other-" + Guid.NewGuid().ToString("N")[..6]);
        using var otherApi = _server.CreateClient(otherKey);
        var theirs = await SpanLog.CreateProjectAsync(otherApi, "cookie-theirs");

        var (client, cookies) = Browser();
        using (client)
        {
            using var signIn = await SignInAsync(client, UiTestServer.AdminKey);
            Assert.That(signIn.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            var setCookie = signIn.Headers.GetValues("Set-Cookie").Single();
            Assert.That(setCookie, Does.Contain("httponly").IgnoreCase.And.Contain("samesite=strict").IgnoreCase);
            Assert.That(setCookie, Does.Not.Contain(UiTestServer.AdminKey));

            var projects = await client.GetFromJsonAsync<JsonObject>("/api/v1/projects");
            var names = projects!["projects"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).ToList();
            Assert.That(names, Does.Contain("cookie-mine").And.Not.Contain("cookie-theirs"));
            using var own = await client.GetAsync($"/api/v1/projects/{mine.ProjectId}/traces");
            Assert.That(own.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            using var foreign = await client.GetAsync($"/api/v1/projects/{theirs.ProjectId}/traces");
            Assert.That(foreign.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            using var otherOrgHeader = new HttpRequestMessage(HttpMethod.Get, "/api/v1/projects");
            otherOrgHeader.Headers.Add("X-Braintrust-Org", "not-my-org");
            using var refused = await client.SendAsync(otherOrgHeader);
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));

            // Ingest endpoints are not opened by the cookie: only what the UI needs is.
            using var ingest = new HttpRequestMessage(HttpMethod.Post, $"/v1/project_logs/{mine.ProjectId}/insert") { Content = JsonContent.Create(new { events = Array.Empty<object>() }) };
            ingest.Headers.Add("X-Braintrust-UI", "1");
            using var ingestResponse = await client.SendAsync(ingest);
            Assert.That(ingestResponse.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }
        Assert.That(cookies.Count, Is.EqualTo(1));
    }

    [Test]
    public async Task A_cookie_authenticated_write_without_the_ui_header_is_refused_as_cross_site()
    {
        var log = await SpanLog.CreateProjectAsync(_server.Api, "csrf");
        await log.InsertAsync(SpanLog.Span("csrf-root", "csrf-root", null, "n", "task", null, null, 5, 1));
        var (client, _) = Browser();
        using (client)
        {
            using var signIn = await SignInAsync(client, UiTestServer.AdminKey);
            var body = new { feedback = new[] { new { id = "row-csrf-root", scores = new { forged = 0 } } } };
            using var forged = await client.PostAsJsonAsync($"/v1/project_logs/{log.ProjectId}/feedback", body);
            Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));

            using var genuine = new HttpRequestMessage(HttpMethod.Post, $"/v1/project_logs/{log.ProjectId}/feedback") { Content = JsonContent.Create(body) };
            genuine.Headers.Add("X-Braintrust-UI", "1");
            using var accepted = await client.SendAsync(genuine);
            Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
        using var signInWithoutHeader = await _server.CreateClient(null).PostAsJsonAsync("/api/ui/session", new { api_key = UiTestServer.AdminKey });
        Assert.That(signInWithoutHeader.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "login CSRF");
    }

    [Test]
    public async Task Sign_in_with_a_missing_or_revoked_key_is_refused_naming_api_key_and_revoking_ends_an_open_session()
    {
        var (client, _) = Browser();
        using (client)
        {
            using var empty = await SignInAsync(client, "");
            Assert.That(empty.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await empty.Content.ReadFromJsonAsync<JsonObject>())!["field"]!.GetValue<string>(), Is.EqualTo("api_key"));

            var (org, key) = await _server.CreateOrgAsync("revoke-" + Guid.NewGuid().ToString("N")[..6]);
            using var ok = await SignInAsync(client, key);
            Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            using (var before = await client.GetAsync("/api/v1/projects"))
            {
                Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            }
            var keyId = (await _server.Store.ListApiKeysAsync(org.Id, CancellationToken.None)).Single().KeyId;
            await _server.Store.RevokeApiKeyAsync(keyId, DateTimeOffset.UtcNow, CancellationToken.None);
            using var after = await client.GetAsync("/api/v1/projects");
            Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            using var again = await SignInAsync(client, key);
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That((await again.Content.ReadAsStringAsync()), Does.Contain("api_key"));
        }
    }
}

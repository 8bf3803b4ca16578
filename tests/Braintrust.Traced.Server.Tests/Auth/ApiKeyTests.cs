using System.Net;
using Braintrust.Traced.Server.Tests.Infrastructure;

namespace Braintrust.Traced.Server.Tests.Auth;

/// <summary>Keys are required everywhere but /health, stored only hashed, and revocable.</summary>
public sealed class ApiKeyTests
{
    private TestServer _server = null!;

    [OneTimeSetUp]
    public async Task Start() => _server = await TestServer.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _server.DisposeAsync();

    private static readonly string[] ProtectedGets =
        ["/version", "/ping", "/api/project?id=x", "/v1/project", "/api/v1/projects", "/v1/project_logs/x/fetch"];

    [Test]
    public async Task Health_needs_no_key()
    {
        var response = await _server.CreateClient(null).GetAsync("/health");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Every_other_endpoint_answers_401_without_a_key_or_with_a_wrong_one()
    {
        var anonymous = _server.CreateClient(null);
        var wrong = _server.CreateClient("btk-000000000000.not-the-secret");
        foreach (var path in ProtectedGets)
        {
            foreach (var client in new[] { anonymous, wrong })
            {
                var response = await client.GetAsync(path);
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), path);
                Assert.That(response.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Bearer"));
            }
        }
        var login = await anonymous.PostAsync("/api/apikey/login", null);
        var problem = await HttpJson.ReadProblemAsync(login, HttpStatusCode.Unauthorized);
        Assert.That(problem["detail"]!.GetValue<string>(), Does.Contain("Authorization: Bearer"));
    }

    [Test]
    public async Task An_unknown_route_is_a_problem_response_not_an_empty_body()
    {
        var response = await _server.Client.GetAsync("/no/such/endpoint");
        var problem = await HttpJson.ReadProblemAsync(response, HttpStatusCode.NotFound);
        Assert.That(problem["status"]!.GetValue<int>(), Is.EqualTo(404));
    }

    [Test]
    public async Task A_key_with_the_right_id_but_wrong_secret_is_rejected()
    {
        var (org, client, key) = await _server.CreateOrgAsync("org-secret-check");
        Assert.That((await client.GetAsync("/v1/project")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var tampered = key[..^2] + (key[^2..] == "AA" ? "BB" : "AA");
        var response = await _server.CreateClient(tampered).GetAsync("/v1/project");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), $"org {org.Name}");
    }

    [Test]
    public async Task Keys_are_stored_only_as_salted_hashes()
    {
        var (org, _, key) = await _server.CreateOrgAsync("org-hash-check");
        var (_, _, secondKey) = await _server.CreateOrgAsync("org-hash-check-2");
        var stored = await _server.Store.ListApiKeysAsync(org.Id, CancellationToken.None);
        var record = stored.Single();

        Assert.That(key, Does.StartWith("btk-" + record.KeyId + "."));
        Assert.That(Convert.ToBase64String(record.Hash), Does.Not.Contain(key));
        Assert.That(record.Salt, Has.Length.EqualTo(16));
        Assert.That(record.Iterations, Is.GreaterThanOrEqualTo(100_000));
        var dbBytes = await File.ReadAllBytesAsync(Path.Combine(_server.DataDir, "braintrust-traced.db"));
        var walPath = Path.Combine(_server.DataDir, "braintrust-traced.db-wal");
        var all = System.Text.Encoding.Latin1.GetString(dbBytes) + (File.Exists(walPath) ? System.Text.Encoding.Latin1.GetString(await File.ReadAllBytesAsync(walPath)) : "");
        Assert.That(all, Does.Not.Contain(key[(4 + 13)..]), "the secret part of a key never reaches the database files");
        Assert.That(all, Does.Not.Contain(secondKey[(4 + 13)..]));
    }

    [Test]
    public async Task A_revoked_key_is_refused()
    {
        var (org, client, _) = await _server.CreateOrgAsync("org-revoke");
        var keyId = (await _server.Store.ListApiKeysAsync(org.Id, CancellationToken.None)).Single().KeyId;
        Assert.That((await client.GetAsync("/v1/project")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        Assert.That(await _server.Store.RevokeApiKeyAsync(keyId, DateTimeOffset.UtcNow, CancellationToken.None), Is.True);

        Assert.That((await client.GetAsync("/v1/project")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }
}

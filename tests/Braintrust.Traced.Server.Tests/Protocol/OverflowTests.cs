using System.Net;
using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Tests.Infrastructure;

namespace Braintrust.Traced.Server.Tests.Protocol;

/// <summary>The logs3 overflow path: reserve a slot, upload without a key, ingest by reference.</summary>
[TestFixture(StoreBackend.Sqlite)]
[TestFixture(StoreBackend.Postgres)]
public sealed class OverflowTests(StoreBackend backend)
{
    private TestServer _server = null!;

    [OneTimeSetUp]
    public async Task Start() => _server = await TestServer.StartAsync(backend);

    [OneTimeTearDown]
    public async Task Stop() => await _server.DisposeAsync();

    internal static async Task<(string Key, string Url)> ReserveAsync(HttpClient client, long size)
    {
        var slot = await client.PostObjectAsync("/logs3/overflow", new JsonObject
        {
            ["content_type"] = "application/json", ["size_bytes"] = size, ["rows"] = new JsonArray(),
        });
        Assert.That(slot["method"]!.GetValue<string>(), Is.EqualTo("PUT"));
        return (slot["key"]!.GetValue<string>(), slot["signedUrl"]!.GetValue<string>());
    }

    [Test]
    public async Task An_uploaded_payload_is_ingested_by_reference_and_only_for_the_org_that_reserved_it()
    {
        var projectId = await _server.RegisterProjectAsync("overflow");
        var payload = Rows.Logs3(Rows.Span(projectId, "big-1", "s1", "t1")).ToJsonString();
        var (key, url) = await ReserveAsync(_server.Client, payload.Length);
        Assert.That(url, Does.StartWith(_server.BaseUrl));

        using var anonymous = new HttpClient();
        var upload = await anonymous.PutAsync(url, TestServer.Json(payload));
        Assert.That(upload.StatusCode, Is.EqualTo(HttpStatusCode.OK), "signed-URL uploads need no API key");

        var (_, orgB, _) = await _server.CreateOrgAsync("overflow-other-org");
        var reference = new JsonObject { ["rows"] = new JsonObject { ["type"] = "logs3_overflow", ["key"] = key }, ["api_version"] = 2 };
        var stolen = await orgB.PostJsonAsync("/logs3", reference);
        Assert.That((await HttpJson.ReadProblemAsync(stolen, HttpStatusCode.NotFound))["field"]!.GetValue<string>(), Is.EqualTo("rows.key"));

        var answer = await _server.Client.PostObjectAsync("/logs3", reference);
        Assert.That(answer["ids"]!.AsArray().Select(i => i!.GetValue<string>()), Is.EqualTo(new[] { "big-1" }));
        var span = await _server.Client.GetObjectAsync($"/api/v1/projects/{projectId}/spans/big-1");
        Assert.That(span["root_span_id"]!.GetValue<string>(), Is.EqualTo("t1"));
    }

    [Test]
    public async Task Uploads_to_unknown_slots_and_bodies_beyond_the_declared_size_are_refused()
    {
        using var anonymous = new HttpClient();
        var unknown = await anonymous.PutAsync($"{_server.BaseUrl}/logs3/overflow/upload/{new string('a', 43)}", TestServer.Json("{}"));
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        var (_, url) = await ReserveAsync(_server.Client, 10);
        var tooBig = await anonymous.PutAsync(url, TestServer.Json(new string(' ', 5000) + "{}"));
        Assert.That(tooBig.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
    }

    [Test]
    public async Task A_reference_to_a_slot_never_uploaded_is_a_404()
    {
        var (key, _) = await ReserveAsync(_server.Client, 10);
        var response = await _server.Client.PostJsonAsync("/logs3",
            new JsonObject { ["rows"] = new JsonObject { ["type"] = "logs3_overflow", ["key"] = key } });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}

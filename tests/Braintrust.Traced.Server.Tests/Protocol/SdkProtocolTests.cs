using System.Net;
using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Tests.Infrastructure;

namespace Braintrust.Traced.Server.Tests.Protocol;

/// <summary>The endpoints the official SDKs call, with the shapes they read (see braintrust-logging-protocol.md).</summary>
[TestFixture(StoreBackend.Sqlite)]
[TestFixture(StoreBackend.Postgres)]
public sealed class SdkProtocolTests(StoreBackend backend)
{
    private TestServer _server = null!;

    [OneTimeSetUp]
    public async Task Start() => _server = await TestServer.StartAsync(backend);

    [OneTimeTearDown]
    public async Task Stop() => await _server.DisposeAsync();

    [Test]
    public async Task Login_returns_the_keys_org_with_this_server_as_api_and_proxy_url()
    {
        var response = await _server.Client.PostAsync("/api/apikey/login", null);
        var body = await HttpJson.ReadObjectAsync(response, HttpStatusCode.OK);

        var org = body["org_info"]!.AsArray().Single()!;
        Assert.That(org["name"]!.GetValue<string>(), Is.EqualTo("org-a"));
        Assert.That(org["id"]!.GetValue<string>(), Is.Not.Empty);
        Assert.That(org["api_url"]!.GetValue<string>(), Is.EqualTo(_server.BaseUrl));
        Assert.That(org["proxy_url"]!.GetValue<string>(), Is.EqualTo(_server.BaseUrl));
    }

    [Test]
    public async Task Project_register_is_get_or_create_by_name_and_lookup_by_id_returns_the_name()
    {
        var first = await _server.Client.PostObjectAsync("/api/project/register", new JsonObject { ["project_name"] = "sdk-register" });
        var second = await _server.Client.PostObjectAsync("/api/project/register", new JsonObject { ["project_name"] = "sdk-register" });
        var id = first["project"]!["id"]!.GetValue<string>();

        Assert.That(second["project"]!["id"]!.GetValue<string>(), Is.EqualTo(id));
        Assert.That(first["project"]!["name"]!.GetValue<string>(), Is.EqualTo("sdk-register"));
        var lookedUp = await _server.Client.GetObjectAsync($"/api/project?id={id}");
        Assert.That(lookedUp["name"]!.GetValue<string>(), Is.EqualTo("sdk-register"));
    }

    [Test]
    public async Task Project_register_without_a_name_uses_Global_like_the_SDK()
    {
        var body = await _server.Client.PostObjectAsync("/api/project/register", new JsonObject());
        Assert.That(body["project"]!["name"]!.GetValue<string>(), Is.EqualTo("Global"));
    }

    [Test]
    public async Task Version_advertises_the_payload_limit_and_ping_answers()
    {
        var version = await _server.Client.GetObjectAsync("/version");
        Assert.That(version["logs3_payload_max_bytes"]!.GetValue<long>(), Is.EqualTo(32 * 1024 * 1024));
        var ping = await _server.Client.GetAsync("/ping");
        Assert.That(ping.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Logs3_stores_rows_and_merges_later_updates_and_feedback_into_them()
    {
        var projectId = await _server.RegisterProjectAsync("sdk-logs3");
        var root = Rows.Span(projectId, "efe0d9c8676f00dd", "56b542ab82e0802c", "f5b97e2652aa7a6fab77517f10015499", name: "handle_request");
        var answer = await _server.Client.PostObjectAsync("/logs3", Rows.Logs3(root));
        Assert.That(answer["ids"]!.AsArray().Select(i => i!.GetValue<string>()), Is.EqualTo(new[] { "efe0d9c8676f00dd" }));

        await _server.Client.PostObjectAsync("/logs3", Rows.Logs3(Rows.Merge(projectId, "efe0d9c8676f00dd", new JsonObject
        {
            ["input"] = new JsonObject { ["text"] = "I love this product" },
            ["metadata"] = new JsonObject { ["route"] = "/classify" },
            ["scores"] = new JsonObject { ["confidence"] = 0.9 },
            ["metrics"] = new JsonObject { ["end"] = 1_800_000_001.0 },
            ["span_id"] = "56b542ab82e0802c",
            ["root_span_id"] = "f5b97e2652aa7a6fab77517f10015499",
        })));
        // Feedback as logFeedback sends it: no span ids, located by row id only.
        var feedback = Rows.Merge(projectId, "efe0d9c8676f00dd", new JsonObject { ["scores"] = new JsonObject { ["correctness"] = 1 } });
        feedback["_audit_source"] = "external";
        feedback["_audit_metadata"] = new JsonObject { ["reviewer"] = "compat-test" };
        await _server.Client.PostObjectAsync("/logs3", Rows.Logs3(feedback));

        var fetched = await _server.Client.GetObjectAsync($"/v1/project_logs/{projectId}/fetch");
        var row = fetched["events"]!.AsArray().Single()!;
        Assert.Multiple(() =>
        {
            JsonAssert.AreEquivalent(row["scores"], """{"confidence":0.9,"correctness":1}""");
            JsonAssert.AreEquivalent(row["metrics"], """{"start":1800000000,"end":1800000001.0}""");
            Assert.That(row["input"]!["text"]!.GetValue<string>(), Is.EqualTo("I love this product"));
            Assert.That(row["span_attributes"]!["name"]!.GetValue<string>(), Is.EqualTo("handle_request"));
            Assert.That(row["_audit_source"], Is.Null, "audit fields describe the feedback, not the span");
            Assert.That(row["_is_merge"], Is.Null);
        });
    }

    [Test]
    public async Task Logs3_answers_json_for_an_empty_batch()
    {
        var answer = await _server.Client.PostObjectAsync("/logs3", new JsonObject { ["rows"] = new JsonArray(), ["api_version"] = 2 });
        Assert.That(answer["ids"]!.AsArray(), Is.Empty);
    }
}

using System.Net;
using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Tests.Infrastructure;

namespace Braintrust.Traced.Server.Tests.Protocol;

/// <summary>The public REST subset (/v1) with Braintrust's request and response shapes.</summary>
[TestFixture(StoreBackend.Sqlite)]
[TestFixture(StoreBackend.Postgres)]
public sealed class RestApiTests(StoreBackend backend)
{
    private TestServer _server = null!;

    [OneTimeSetUp]
    public async Task Start() => _server = await TestServer.StartAsync(backend);

    [OneTimeTearDown]
    public async Task Stop() => await _server.DisposeAsync();

    [Test]
    public async Task Post_project_creates_once_and_get_lists_and_filters_by_name()
    {
        var created = await _server.Client.PostObjectAsync("/v1/project", new JsonObject { ["name"] = "rest-a", ["description"] = "first" });
        var again = await _server.Client.PostObjectAsync("/v1/project", new JsonObject { ["name"] = "rest-a", ["description"] = "ignored" });
        await _server.Client.PostObjectAsync("/v1/project", new JsonObject { ["name"] = "rest-b" });

        Assert.That(again["id"]!.GetValue<string>(), Is.EqualTo(created["id"]!.GetValue<string>()));
        Assert.That(again["description"]!.GetValue<string>(), Is.EqualTo("first"), "an existing project is returned unmodified");
        var byName = await _server.Client.GetObjectAsync("/v1/project?project_name=rest-a");
        Assert.That(byName["objects"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "rest-a" }));
        var all = await _server.Client.GetObjectAsync("/v1/project");
        Assert.That(all["objects"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()), Is.SupersetOf(new[] { "rest-a", "rest-b" }));
    }

    [Test]
    public async Task Post_project_without_a_name_is_a_problem_naming_the_field()
    {
        var response = await _server.Client.PostJsonAsync("/v1/project", new JsonObject { ["description"] = "x" });
        var problem = await HttpJson.ReadProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(problem["field"]!.GetValue<string>(), Is.EqualTo("name"));
    }

    [Test]
    public async Task Insert_assigns_ids_and_span_identity_to_bare_events()
    {
        var projectId = await _server.RegisterProjectAsync("rest-insert");
        var answer = await _server.Client.PostObjectAsync($"/v1/project_logs/{projectId}/insert", new JsonObject
        {
            ["events"] = new JsonArray(
                new JsonObject { ["input"] = "hello", ["output"] = "world", ["scores"] = new JsonObject { ["ok"] = 1 } },
                new JsonObject { ["id"] = "mine", ["input"] = "second" }),
        });
        var ids = answer["row_ids"]!.AsArray().Select(i => i!.GetValue<string>()).ToList();
        Assert.That(ids, Has.Count.EqualTo(2));
        Assert.That(ids[1], Is.EqualTo("mine"));

        var traces = await _server.Client.GetObjectAsync($"/api/v1/projects/{projectId}/traces");
        Assert.That(traces["traces"]!.AsArray().Select(t => t!["input_preview"]!.GetValue<string>()), Is.EquivalentTo(new[] { "hello", "second" }),
            "each bare event became a root trace");
    }

    [Test]
    public async Task Feedback_merges_scores_and_adds_a_comment_visible_in_the_next_read()
    {
        var projectId = await _server.RegisterProjectAsync("rest-feedback");
        await _server.Client.PostObjectAsync($"/v1/project_logs/{projectId}/insert", new JsonObject
        {
            ["events"] = new JsonArray(new JsonObject
            {
                ["id"] = "answer-1", ["span_id"] = "s1", ["root_span_id"] = "t1", ["scores"] = new JsonObject { ["auto"] = 0.2 },
            }),
        });

        var status = await _server.Client.PostObjectAsync($"/v1/project_logs/{projectId}/feedback", new JsonObject
        {
            ["feedback"] = new JsonArray(new JsonObject
            {
                ["id"] = "answer-1",
                ["scores"] = new JsonObject { ["human"] = 1 },
                ["comment"] = "exactly right",
                ["metadata"] = new JsonObject { ["user_id"] = "u7" },
                ["source"] = "app",
            }),
        });
        Assert.That(status["status"]!.GetValue<string>(), Is.EqualTo("success"));

        var span = await _server.Client.GetObjectAsync($"/api/v1/projects/{projectId}/spans/answer-1");
        JsonAssert.AreEquivalent(span["row"]!["scores"], """{"auto":0.2,"human":1}""");
        var comment = span["comments"]!.AsArray().Single()!;
        Assert.That(comment["text"]!.GetValue<string>(), Is.EqualTo("exactly right"));
        Assert.That(comment["source"]!.GetValue<string>(), Is.EqualTo("app"));
        Assert.That(comment["metadata"]!["user_id"]!.GetValue<string>(), Is.EqualTo("u7"));
    }

    [Test]
    public async Task Feedback_without_an_id_names_the_item()
    {
        var projectId = await _server.RegisterProjectAsync("rest-feedback-bad");
        var response = await _server.Client.PostJsonAsync($"/v1/project_logs/{projectId}/feedback", new JsonObject
        {
            ["feedback"] = new JsonArray(new JsonObject { ["id"] = "x", ["scores"] = new JsonObject { ["a"] = 1 } }, new JsonObject { ["scores"] = new JsonObject { ["a"] = 1 } }),
        });
        var problem = await HttpJson.ReadProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(problem["detail"]!.GetValue<string>(), Does.StartWith("feedback[1].id:"));
    }

    [Test]
    public async Task Fetch_pages_with_its_cursor_through_get_and_post()
    {
        var projectId = await _server.RegisterProjectAsync("rest-fetch");
        var events = new JsonArray(Enumerable.Range(0, 7).Select(i => (JsonNode)new JsonObject { ["id"] = $"e{i}", ["input"] = i }).ToArray());
        await _server.Client.PostObjectAsync($"/v1/project_logs/{projectId}/insert", new JsonObject { ["events"] = events });

        var seen = new List<string>();
        var page = await _server.Client.GetObjectAsync($"/v1/project_logs/{projectId}/fetch?limit=3");
        seen.AddRange(page["events"]!.AsArray().Select(e => e!["id"]!.GetValue<string>()));
        while (page["cursor"] is { } cursor)
        {
            page = await _server.Client.PostObjectAsync($"/v1/project_logs/{projectId}/fetch", new JsonObject { ["limit"] = 3, ["cursor"] = cursor.DeepClone() });
            seen.AddRange(page["events"]!.AsArray().Select(e => e!["id"]!.GetValue<string>()));
        }

        Assert.That(seen, Is.EqualTo(new[] { "e6", "e5", "e4", "e3", "e2", "e1", "e0" }));
        var first = (await _server.Client.GetObjectAsync($"/v1/project_logs/{projectId}/fetch?limit=1"))["events"]![0]!;
        Assert.That(first["_xact_id"]!.GetValue<string>(), Is.Not.Empty);
        Assert.That(first["project_id"]!.GetValue<string>(), Is.EqualTo(projectId));
        Assert.That(first["log_id"]!.GetValue<string>(), Is.EqualTo("g"));
    }
}

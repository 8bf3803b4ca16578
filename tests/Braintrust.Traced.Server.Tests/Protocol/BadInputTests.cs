using System.Net;
using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Tests.Infrastructure;

namespace Braintrust.Traced.Server.Tests.Protocol;

/// <summary>Rejected input: RFC 7807 answers that name the row and field, and nothing stored changes.</summary>
public sealed class BadInputTests
{
    private TestServer _server = null!;
    private string _projectId = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _server = await TestServer.StartAsync(StoreBackend.Sqlite, "--BRAINTRUST_TRACED_MAX_BODY_BYTES=20000");
        _projectId = await _server.RegisterProjectAsync("bad-input");
        var existing = Rows.Span(_projectId, "existing", "s-existing", "r-existing");
        existing["output"] = "original";
        await _server.Client.PostObjectAsync("/logs3", Rows.Logs3(existing));
    }

    [OneTimeTearDown]
    public async Task Stop() => await _server.DisposeAsync();

    private async Task AssertNothingChangedAsync()
    {
        var fetched = await _server.Client.GetObjectAsync($"/v1/project_logs/{_projectId}/fetch");
        var events = fetched["events"]!.AsArray();
        Assert.That(events.Select(e => e!["id"]!.GetValue<string>()), Is.EqualTo(new[] { "existing" }), "no row of the rejected batch was stored");
        Assert.That(events[0]!["output"]!.GetValue<string>(), Is.EqualTo("original"), "the stored row was not modified");
    }

    private static IEnumerable<TestCaseData> BadRows()
    {
        yield return new TestCaseData(new JsonObject { ["scores"] = new JsonObject { ["accuracy"] = 1.5 } }, "scores.accuracy").SetName("score above 1");
        yield return new TestCaseData(new JsonObject { ["scores"] = new JsonObject { ["accuracy"] = "high" } }, "scores.accuracy").SetName("score not a number");
        yield return new TestCaseData(new JsonObject { ["metadata"] = "text" }, "metadata").SetName("metadata not an object");
        yield return new TestCaseData(new JsonObject { ["metrics"] = new JsonObject { ["tokens"] = "many" } }, "metrics.tokens").SetName("metric not a number");
        yield return new TestCaseData(new JsonObject { ["tags"] = new JsonArray(1) }, "tags").SetName("tag not a string");
        yield return new TestCaseData(new JsonObject { ["span_parents"] = "p" }, "span_parents").SetName("span_parents not an array");
        yield return new TestCaseData(new JsonObject { ["created"] = "yesterday" }, "created").SetName("created not a timestamp");
        yield return new TestCaseData(new JsonObject { ["_is_merge"] = "yes" }, "_is_merge").SetName("_is_merge not a boolean");
        yield return new TestCaseData(new JsonObject { ["id"] = 42 }, "id").SetName("id not a string");
        yield return new TestCaseData(new JsonObject { ["id"] = "" }, "id").SetName("id empty");
        yield return new TestCaseData(new JsonObject { ["log_id"] = "x" }, "log_id").SetName("log_id not g");
        yield return new TestCaseData(new JsonObject { ["experiment_id"] = "e" }, "experiment_id").SetName("experiment rows");
    }

    [TestCaseSource(nameof(BadRows))]
    public async Task A_bad_row_rejects_the_whole_batch_naming_row_and_field(JsonObject badFields, string field)
    {
        var good = Rows.Span(_projectId, "good-new", "s-good", "r-good");
        var update = Rows.Merge(_projectId, "existing", new JsonObject { ["output"] = "changed" });
        var bad = Rows.Span(_projectId, "bad", "s-bad", "r-bad");
        foreach (var (key, value) in badFields)
        {
            bad[key] = value?.DeepClone();
        }

        var response = await _server.Client.PostJsonAsync("/logs3", Rows.Logs3(good, update, bad));

        var problem = await HttpJson.ReadProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(problem["row"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(problem["field"]!.GetValue<string>(), Is.EqualTo(field));
        Assert.That(problem["detail"]!.GetValue<string>(), Does.StartWith($"rows[2].{field}:"));
        await AssertNothingChangedAsync();
    }

    [TestCase("\"id\": \"bad\", \"id\": \"bad-again\"", "id", TestName = "a row key twice")]
    [TestCase("\"id\": \"bad\", \"metadata\": {\"team\": \"a\", \"team\": \"b\"}", "metadata.team", TestName = "a metadata key twice")]
    [TestCase("\"id\": \"bad\", \"input\": [{\"role\": \"user\", \"role\": \"system\"}]", "input[0].role", TestName = "a key twice inside an array")]
    [TestCase("\"id\": \"bad\", \"context\": {\"caller_lineno\": 1, \"caller_lineno\": 2}", "context.caller_lineno", TestName = "a context key twice")]
    public async Task A_key_repeated_in_one_object_rejects_the_batch_naming_it(string badRowFields, string field)
    {
        var good = Rows.Span(_projectId, "good-new", "s-good", "r-good").ToJsonString();
        var update = Rows.Merge(_projectId, "existing", new JsonObject { ["output"] = "changed" }).ToJsonString();
        var bad = $$"""{"project_id": "{{_projectId}}", "span_id": "s-bad", "root_span_id": "r-bad", {{badRowFields}}}""";

        var response = await _server.Client.PostJsonAsync("/logs3", $$"""{"rows": [{{good}}, {{update}}, {{bad}}], "api_version": 2}""");

        var problem = await HttpJson.ReadProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(problem["row"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(problem["field"]!.GetValue<string>(), Is.EqualTo(field));
        Assert.That(problem["detail"]!.GetValue<string>(), Is.EqualTo($"rows[2].{field}: appears twice in the same object; each key may appear only once"));
        await AssertNothingChangedAsync();
    }

    [Test]
    public async Task A_key_repeated_at_the_top_of_a_logs3_body_is_a_400_naming_it()
    {
        var good = Rows.Span(_projectId, "good-new", "s-good", "r-good").ToJsonString();
        var response = await _server.Client.PostJsonAsync("/logs3", $$"""{"rows": [{{good}}], "api_version": 2, "api_version": 1}""");

        var problem = await HttpJson.ReadProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(problem["field"]!.GetValue<string>(), Is.EqualTo("api_version"));
        Assert.That(problem["detail"]!.GetValue<string>(), Does.Contain("appears twice"));
        await AssertNothingChangedAsync();
    }

    [Test]
    public async Task A_key_repeated_in_a_rest_insert_is_a_400_naming_it()
    {
        var response = await _server.Client.PostJsonAsync($"/v1/project_logs/{_projectId}/insert",
            """{"events": [{"input": "ok"}, {"input": "x", "metadata": {"k": 1, "k": 2}}]}""");

        var problem = await HttpJson.ReadProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(problem["field"]!.GetValue<string>(), Is.EqualTo("events[1].metadata.k"));
        await AssertNothingChangedAsync();
    }

    [Test]
    public async Task Malformed_json_is_a_400_problem_with_its_position()
    {
        var response = await _server.Client.PostJsonAsync("/logs3", """{"rows": [ {"id": "a", } ]""");
        var problem = await HttpJson.ReadProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(problem["field"]!.GetValue<string>(), Is.EqualTo("(body)"));
        Assert.That(problem["detail"]!.GetValue<string>(), Does.Contain("line 1"));
        await AssertNothingChangedAsync();
    }

    [Test]
    public async Task Rows_that_are_not_an_array_are_rejected()
    {
        var response = await _server.Client.PostJsonAsync("/logs3", """{"rows": {"id": "a"}}""");
        var problem = await HttpJson.ReadProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(problem["field"]!.GetValue<string>(), Is.EqualTo("rows"));
    }

    [Test]
    public async Task An_unknown_project_is_a_404_naming_the_row()
    {
        var good = Rows.Span(_projectId, "good-new", "s-good", "r-good");
        var unknown = Rows.Span("00000000-0000-0000-0000-000000000000", "x", "s", "r");
        var response = await _server.Client.PostJsonAsync("/logs3", Rows.Logs3(good, unknown));

        var problem = await HttpJson.ReadProblemAsync(response, HttpStatusCode.NotFound);
        Assert.That(problem["row"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(problem["field"]!.GetValue<string>(), Is.EqualTo("project_id"));
        await AssertNothingChangedAsync();
    }

    [Test]
    public async Task An_oversize_body_is_a_413_problem_and_stores_nothing()
    {
        var big = Rows.Span(_projectId, "big", "s-big", "r-big");
        big["input"] = new string('x', 30_000);
        var response = await _server.Client.PostJsonAsync("/logs3", Rows.Logs3(big));

        var problem = await HttpJson.ReadProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.That(problem["limit_bytes"]!.GetValue<long>(), Is.EqualTo(20000));
        await AssertNothingChangedAsync();
    }

    [Test]
    public async Task Rest_insert_errors_name_the_event_index()
    {
        var response = await _server.Client.PostJsonAsync($"/v1/project_logs/{_projectId}/insert", new JsonObject
        {
            ["events"] = new JsonArray(new JsonObject { ["input"] = "ok" }, new JsonObject { ["scores"] = new JsonObject { ["s"] = -1 } }),
        });
        var problem = await HttpJson.ReadProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(problem["detail"]!.GetValue<string>(), Does.StartWith("events[1].scores.s:"));
        await AssertNothingChangedAsync();
    }

    [Test]
    public async Task A_bad_fetch_cursor_is_rejected()
    {
        var response = await _server.Client.GetAsync($"/v1/project_logs/{_projectId}/fetch?cursor=not-a-cursor");
        var problem = await HttpJson.ReadProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(problem["field"]!.GetValue<string>(), Is.EqualTo("cursor"));
    }
}

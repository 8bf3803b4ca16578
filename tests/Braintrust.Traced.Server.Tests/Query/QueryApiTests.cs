using System.Net;
using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Tests.Infrastructure;

namespace Braintrust.Traced.Server.Tests.Query;

/// <summary>The JSON query API the web UI is built on.</summary>
[TestFixture(StoreBackend.Sqlite)]
[TestFixture(StoreBackend.Postgres)]
public sealed class QueryApiTests(StoreBackend backend)
{
    private const double T0 = 1_800_000_000;
    private TestServer _server = null!;
    private string _projectId = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _server = await TestServer.StartAsync(backend);
        _projectId = await _server.RegisterProjectAsync("query");
        // Trace 1 (older): root with two children; scores only on children; a grandchild; a comment on the root.
        var root = Rows.Span(_projectId, "r1", "s-r1", "t1", name: "handle_request", start: T0, end: T0 + 2);
        root["input"] = new JsonObject { ["question"] = "what is the capital of france" };
        root["output"] = "Paris";
        root["tags"] = new JsonArray("prod");
        root["metadata"] = new JsonObject { ["customer"] = "acme" };
        var llm = Rows.Span(_projectId, "c1", "s-c1", "t1", parent: "s-r1", name: "llm_call", start: T0 + 0.1, end: T0 + 1.1);
        llm["scores"] = new JsonObject { ["accuracy"] = 1.0 };
        llm["metrics"]!["prompt_tokens"] = 10;
        llm["metrics"]!["completion_tokens"] = 5;
        llm["metrics"]!["tokens"] = 15;
        var tool = Rows.Span(_projectId, "c2", "s-c2", "t1", parent: "s-r1", name: "tool", start: T0 + 1.2, end: T0 + 1.9);
        tool["scores"] = new JsonObject { ["accuracy"] = 0.5 };
        var grandchild = Rows.Span(_projectId, "g1", "s-g1", "t1", parent: "s-c2", name: "lookup", start: T0 + 1.3, end: T0 + 1.4);
        // Trace 2 (newer): an error and its own root score.
        var root2 = Rows.Span(_projectId, "r2", "s-r2", "t2", name: "handle_request", start: T0 + 3600, end: T0 + 3600.5);
        root2["input"] = "second request";
        root2["scores"] = new JsonObject { ["accuracy"] = 0.1 };
        root2["error"] = "timeout";
        var comment = new JsonObject
        {
            ["id"] = "cm1", ["project_id"] = _projectId, ["log_id"] = "g", ["created"] = "2027-01-15T08:00:00.000Z",
            ["origin"] = new JsonObject { ["id"] = "r1" }, ["comment"] = new JsonObject { ["text"] = "verified by hand" },
            ["_audit_source"] = "external",
        };
        await _server.Client.PostObjectAsync("/logs3", Rows.Logs3(root, llm, tool, grandchild, root2, comment));
        // Free-text search sees rows once the background indexer ran; the filter cases below assume it has.
        await Eventually.UntilAsync(() => _server.Client.GetObjectAsync(Url("/traces?q=timeout")),
            body => body["traces"]!.AsArray().Count == 1, "search index caught up");
    }

    [OneTimeTearDown]
    public async Task Stop() => await _server.DisposeAsync();

    private string Url(string tail) => $"/api/v1/projects/{_projectId}{tail}";

    [Test]
    public async Task Projects_are_listed_for_the_callers_org()
    {
        var body = await _server.Client.GetObjectAsync("/api/v1/projects");
        Assert.That(body["projects"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()), Does.Contain("query"));
    }

    [Test]
    public async Task Trace_list_is_newest_first_with_summary_fields()
    {
        var body = await _server.Client.GetObjectAsync(Url("/traces"));
        var traces = body["traces"]!.AsArray();
        Assert.That(traces.Select(t => t!["root_span_id"]!.GetValue<string>()), Is.EqualTo(new[] { "t2", "t1" }));
        var t1 = traces[1]!;
        Assert.Multiple(() =>
        {
            Assert.That(t1["name"]!.GetValue<string>(), Is.EqualTo("handle_request"));
            Assert.That(t1["input_preview"]!.GetValue<string>(), Is.EqualTo("""{"question":"what is the capital of france"}"""));
            Assert.That(t1["output_preview"]!.GetValue<string>(), Is.EqualTo("Paris"));
            Assert.That(t1["duration_ms"]!.GetValue<double>(), Is.EqualTo(2000));
            Assert.That(t1["span_count"]!.GetValue<int>(), Is.EqualTo(4));
            Assert.That(t1["has_error"]!.GetValue<bool>(), Is.False);
            JsonAssert.AreEquivalent(t1["tokens"], """{"prompt":10,"completion":5,"total":15}""");
            JsonAssert.AreEquivalent(t1["tags"], """["prod"]""");
            JsonAssert.AreEquivalent(t1["scores"], """{"accuracy":{"value":0.75,"averaged":true}}""", "the root shows its children's average");
            Assert.That(traces[0]!["has_error"]!.GetValue<bool>(), Is.True);
            JsonAssert.AreEquivalent(traces[0]!["scores"], """{"accuracy":{"value":0.1,"averaged":false}}""", "a root's own score wins");
            Assert.That(body["next_cursor"], Is.Null);
        });
    }

    [Test]
    public async Task Trace_list_pages_with_a_cursor()
    {
        var first = await _server.Client.GetObjectAsync(Url("/traces?limit=1"));
        Assert.That(first["traces"]!.AsArray().Single()!["root_span_id"]!.GetValue<string>(), Is.EqualTo("t2"));
        var cursor = first["next_cursor"]!.GetValue<string>();
        var second = await _server.Client.GetObjectAsync(Url($"/traces?limit=1&cursor={cursor}"));
        Assert.That(second["traces"]!.AsArray().Single()!["root_span_id"]!.GetValue<string>(), Is.EqualTo("t1"));
        Assert.That(second["next_cursor"], Is.Null);
    }

    [TestCase("name=handle_request", new[] { "t2", "t1" })]
    [TestCase("tag=prod", new[] { "t1" })]
    [TestCase("error=true", new[] { "t2" })]
    [TestCase("error=false", new[] { "t1" })]
    [TestCase("score=accuracy:0.9:1", new[] { "t1" })]
    [TestCase("score=accuracy::0.2", new[] { "t2" })]
    [TestCase("metadata=customer:acme", new[] { "t1" })]
    [TestCase("q=capital%20france", new[] { "t1" })]
    [TestCase("q=timeout", new[] { "t2" })]
    [TestCase("q=%22%3A%2A%21%20AND%20(", new string[0])]
    [TestCase("from=2027-01-15T09:00:00Z", new[] { "t2" })]
    [TestCase("to=1800000001", new[] { "t1" })]
    [TestCase("status=ended", new[] { "t2", "t1" })]
    [TestCase("status=unfinished", new string[0])]
    [TestCase("status=running&error=true", new string[0])]
    public async Task Trace_list_filters(string query, string[] expected)
    {
        var body = await _server.Client.GetObjectAsync(Url($"/traces?{query}"));
        Assert.That(body["traces"]!.AsArray().Select(t => t!["root_span_id"]!.GetValue<string>()), Is.EqualTo(expected));
    }

    [TestCase("limit=0", "limit")]
    [TestCase("error=maybe", "error")]
    [TestCase("score=accuracy", "score")]
    [TestCase("metadata=novalue", "metadata")]
    [TestCase("from=last-tuesday", "from")]
    [TestCase("cursor=%25%25", "cursor")]
    [TestCase("sort=size", "sort")]
    [TestCase("order=up", "order")]
    [TestCase("status=dead", "status")]
    public async Task Bad_filters_are_problems_naming_the_parameter(string query, string field)
    {
        var response = await _server.Client.GetAsync(Url($"/traces?{query}"));
        var problem = await HttpJson.ReadProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(problem["field"]!.GetValue<string>(), Is.EqualTo(field));
    }

    [TestCase("sort=size", "time, duration, name, tokens")]
    [TestCase("order=up", "desc, asc")]
    [TestCase("status=dead", "running, unfinished, ended")]
    public async Task An_unknown_sort_or_order_lists_the_allowed_values(string query, string allowed)
    {
        var problem = await HttpJson.ReadProblemAsync(await _server.Client.GetAsync(Url($"/traces?{query}")), HttpStatusCode.BadRequest);
        Assert.That(problem["detail"]!.GetValue<string>(), Does.Contain(allowed));
    }

    // t1: 2 s, 15 tokens; t2: 0.5 s, 0 tokens; both named handle_request (the tie falls back to insertion order).
    [TestCase("sort=time&order=asc", new[] { "t1", "t2" })]
    [TestCase("sort=duration", new[] { "t1", "t2" })]
    [TestCase("sort=duration&order=asc", new[] { "t2", "t1" })]
    [TestCase("sort=tokens", new[] { "t1", "t2" })]
    [TestCase("sort=tokens&order=asc", new[] { "t2", "t1" })]
    [TestCase("sort=name&order=asc", new[] { "t1", "t2" })]
    [TestCase("sort=name&order=desc", new[] { "t2", "t1" })]
    [TestCase("sort=tokens&order=asc&error=false", new[] { "t1" })]
    public async Task Trace_list_sorts_and_pages_under_the_sort(string query, string[] expected)
    {
        var seen = new List<string>();
        var url = Url($"/traces?{query}&limit=1");
        while (true)
        {
            var page = await _server.Client.GetObjectAsync(url);
            seen.AddRange(page["traces"]!.AsArray().Select(t => t!["root_span_id"]!.GetValue<string>()));
            if (page["next_cursor"] is not { } cursor)
            {
                break;
            }
            url = Url($"/traces?{query}&limit=1&cursor={Uri.EscapeDataString(cursor.GetValue<string>())}");
        }
        Assert.That(seen, Is.EqualTo(expected));
    }

    [TestCase("sort=name")]
    [TestCase("order=asc")]
    [TestCase("sort=tokens&order=asc")]
    public async Task A_cursor_used_with_another_sort_is_a_problem_naming_the_cursor(string otherSort)
    {
        var first = await _server.Client.GetObjectAsync(Url("/traces?sort=time&order=desc&limit=1"));
        var cursor = Uri.EscapeDataString(first["next_cursor"]!.GetValue<string>());
        var response = await _server.Client.GetAsync(Url($"/traces?{otherSort}&limit=1&cursor={cursor}"));
        var problem = await HttpJson.ReadProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(problem["field"]!.GetValue<string>(), Is.EqualTo("cursor"));
        Assert.That(problem["detail"]!.GetValue<string>(), Does.Contain("sort=time&order=desc"));
    }

    [Test]
    public async Task A_trace_is_a_span_tree_with_timing_scores_and_comments()
    {
        var trace = await _server.Client.GetObjectAsync(Url("/traces/t1"));
        Assert.That(trace["span_count"]!.GetValue<int>(), Is.EqualTo(4));
        var root = trace["spans"]!.AsArray().Single()!;
        Assert.That(root["name"]!.GetValue<string>(), Is.EqualTo("handle_request"));
        Assert.That(root["comments"]!.AsArray().Single()!["text"]!.GetValue<string>(), Is.EqualTo("verified by hand"));
        var children = root["children"]!.AsArray();
        Assert.That(children.Select(c => c!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "llm_call", "tool" }), "children ordered by start");
        Assert.That(children[0]!["offset_ms"]!.GetValue<double>(), Is.EqualTo(100).Within(0.01));
        Assert.That(children[0]!["duration_ms"]!.GetValue<double>(), Is.EqualTo(1000).Within(0.01));
        Assert.That(children[1]!["children"]!.AsArray().Single()!["name"]!.GetValue<string>(), Is.EqualTo("lookup"));
        JsonAssert.AreEquivalent(root["scores"], """{"accuracy":{"value":0.75,"averaged":true}}""");
        JsonAssert.AreEquivalent(children[0]!["scores"], """{"accuracy":{"value":1.0,"averaged":false}}""");
    }

    [Test]
    public async Task A_query_answer_says_where_the_server_spent_its_time()
    {
        using var response = await _server.Client.GetAsync(Url("/traces?limit=1"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var stages = string.Join(", ", response.Headers.GetValues("Server-Timing"))
            .Split(',', StringSplitOptions.TrimEntries).Select(entry => entry.Split(';')[0]).ToList();
        Assert.That(stages, Is.SupersetOf(new[] { "auth", "project", "roots", "build", "serialize", "total" }));
        Assert.That(stages, Does.Not.Contain("spans"), "a page of the list reads its roots' stored roll-ups, not the traces' spans");
    }

    [Test]
    public async Task A_rejected_request_gets_no_timing_of_the_key_check()
    {
        var anonymous = _server.CreateClient("not-a-real-key");
        using var response = await anonymous.GetAsync(Url("/traces"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Headers.Contains("Server-Timing"), Is.False);
    }

    [Test]
    public async Task A_feedback_merge_is_visible_in_the_next_read_and_stops_the_averaging()
    {
        var projectId = await _server.RegisterProjectAsync("query-feedback");
        var root = Rows.Span(projectId, "fr", "s-fr", "tf", start: T0, end: T0 + 1);
        var child = Rows.Span(projectId, "fc", "s-fc", "tf", parent: "s-fr", start: T0, end: T0 + 1);
        child["scores"] = new JsonObject { ["accuracy"] = 0.2 };
        await _server.Client.PostObjectAsync("/logs3", Rows.Logs3(root, child));
        var before = await _server.Client.GetObjectAsync($"/api/v1/projects/{projectId}/traces/tf");
        var listedBefore = await _server.Client.GetObjectAsync($"/api/v1/projects/{projectId}/traces");
        JsonAssert.AreEquivalent(before["spans"]![0]!["scores"], """{"accuracy":{"value":0.2,"averaged":true}}""");
        JsonAssert.AreEquivalent(listedBefore["traces"]![0]!["scores"], """{"accuracy":{"value":0.2,"averaged":true}}""");

        await _server.Client.PostObjectAsync("/logs3", Rows.Logs3(Rows.Merge(projectId, "fr", new JsonObject { ["scores"] = new JsonObject { ["accuracy"] = 0.9 } })));

        var after = await _server.Client.GetObjectAsync($"/api/v1/projects/{projectId}/traces/tf");
        var listedAfter = await _server.Client.GetObjectAsync($"/api/v1/projects/{projectId}/traces");
        JsonAssert.AreEquivalent(after["spans"]![0]!["scores"], """{"accuracy":{"value":0.9,"averaged":false}}""");
        JsonAssert.AreEquivalent(listedAfter["traces"]![0]!["scores"], """{"accuracy":{"value":0.9,"averaged":false}}""", "the list shows the feedback too");
    }

    /// <summary>
    /// A span shipped early (start, no end) is running in every view, with the time the server last heard of it; the
    /// runtime's heartbeat (a merge carrying only the span's identity) moves that time and changes nothing else.
    /// </summary>
    [Test]
    public async Task A_span_without_an_end_is_running_and_a_heartbeat_moves_its_last_heard_only()
    {
        var projectId = await _server.RegisterProjectAsync("query-running");
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        var root = Rows.Span(projectId, "or", "s-or", "to", start: now);
        root["input"] = "long job";
        var done = Rows.Span(projectId, "oc", "s-oc", "to", parent: "s-or", start: now, end: now + 0.5);
        await _server.Client.PostObjectAsync("/logs3", Rows.Logs3(root, done));
        var listedPage = await _server.Client.GetObjectAsync($"/api/v1/projects/{projectId}/traces");
        var treeAnswer = await _server.Client.GetObjectAsync($"/api/v1/projects/{projectId}/traces/to");
        var (listed, tree) = (listedPage["traces"]![0]!, treeAnswer["spans"]![0]!);
        var before = await _server.Client.GetObjectAsync($"/api/v1/projects/{projectId}/spans/or");
        // Millisecond timestamps: let the clock move before the heartbeat.
        await Task.Delay(50);

        await _server.Client.PostObjectAsync("/logs3", Rows.Logs3(new JsonObject
        {
            ["id"] = "or", ["span_id"] = "s-or", ["root_span_id"] = "to", ["_is_merge"] = true, ["project_id"] = projectId, ["log_id"] = "g",
        }));

        var after = await _server.Client.GetObjectAsync($"/api/v1/projects/{projectId}/spans/or");
        static DateTimeOffset Heard(JsonNode? span) => DateTimeOffset.Parse(span!["last_heard"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Multiple(() =>
        {
            Assert.That((listed["running"]!.GetValue<bool>(), tree["running"]!.GetValue<bool>(), before["running"]!.GetValue<bool>()), Is.EqualTo((true, true, true)));
            Assert.That(tree["children"]![0]!["running"]!.GetValue<bool>(), Is.False, "a span with an end is not running");
            // Within the 5-minute default timeout of now, so an open view knows when to read again.
            foreach (var answer in new[] { listedPage, treeAnswer, before })
            {
                Assert.That(answer["recheck_after_ms"]!.GetValue<long>(), Is.InRange(1, 300_001), "recheck_after_ms while a span runs");
            }
            Assert.That(Heard(listed), Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(1)), "last_heard is the server's time of the write");
            Assert.That(Heard(after), Is.GreaterThan(Heard(before)), "the heartbeat moved last_heard");
            Assert.That(after["running"]!.GetValue<bool>(), Is.True);
            JsonAssert.AreEquivalent(after["row"], before["row"]!.ToJsonString(), "the heartbeat changed nothing in the stored row");
            Assert.That(after["end"], Is.Null);
        });
    }

    [Test]
    public async Task One_span_by_row_id_or_span_id_with_its_full_row()
    {
        var byRowId = await _server.Client.GetObjectAsync(Url("/spans/c1"));
        var bySpanId = await _server.Client.GetObjectAsync(Url("/spans/s-c1"));
        Assert.That(bySpanId["id"]!.GetValue<string>(), Is.EqualTo("c1"));
        Assert.That(byRowId["parent_span_id"]!.GetValue<string>(), Is.EqualTo("s-r1"));
        Assert.That(byRowId["row"]!["metrics"]!["tokens"]!.GetValue<int>(), Is.EqualTo(15));
        Assert.That((byRowId.ContainsKey("recheck_after_ms"), byRowId["recheck_after_ms"]), Is.EqualTo((true, (JsonNode?)null)), "an ended span never needs a recheck");
        var missing = await _server.Client.GetAsync(Url("/spans/nope"));
        var problem = await HttpJson.ReadProblemAsync(missing, HttpStatusCode.NotFound);
        Assert.That(problem["field"]!.GetValue<string>(), Is.EqualTo("spanId"));
        Assert.That((await _server.Client.GetAsync(Url("/traces/nope"))).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Monitor_aggregates_per_bucket()
    {
        var body = await _server.Client.GetObjectAsync(Url($"/monitor?from={T0}&to={T0 + 7200}&bucket=1h"));
        var buckets = body["buckets"]!.AsArray();
        Assert.That(buckets, Has.Count.EqualTo(2));
        var first = buckets[0]!;
        var second = buckets[1]!;
        Assert.Multiple(() =>
        {
            Assert.That(first["count"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(first["spans"]!.GetValue<int>(), Is.EqualTo(4));
            Assert.That(first["errors"]!.GetValue<int>(), Is.EqualTo(0));
            Assert.That(first["latency_p50_ms"]!.GetValue<double>(), Is.EqualTo(2000));
            Assert.That(first["tokens"]!.GetValue<double>(), Is.EqualTo(15));
            Assert.That(first["scores"]!["accuracy"]!.GetValue<double>(), Is.EqualTo(0.75));
            Assert.That(second["count"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(second["errors"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(second["latency_p95_ms"]!.GetValue<double>(), Is.EqualTo(500));
        });
    }

    [Test]
    public async Task Monitor_rejects_an_inverted_range_and_too_many_buckets()
    {
        var inverted = await _server.Client.GetAsync(Url($"/monitor?from={T0 + 10}&to={T0}"));
        Assert.That((await HttpJson.ReadProblemAsync(inverted, HttpStatusCode.BadRequest))["field"]!.GetValue<string>(), Is.EqualTo("from"));
        var tiny = await _server.Client.GetAsync(Url($"/monitor?from={T0}&to={T0 + 86400}&bucket=1s"));
        Assert.That((await HttpJson.ReadProblemAsync(tiny, HttpStatusCode.BadRequest))["field"]!.GetValue<string>(), Is.EqualTo("bucket"));
    }
}

using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Braintrust.Traced.Tests.Infrastructure;

namespace Braintrust.Traced.Tests;

/// <summary>The real HTTP path against a recording Braintrust server on loopback.</summary>
[TestFixture]
public sealed partial class HttpShippingTests
{
    private FakeBraintrustServer _server = null!;
    private BraintrustLogger? _logger;

    [SetUp]
    public async Task StartServer() => _server = await FakeBraintrustServer.StartAsync();

    [TearDown]
    public async Task StopServer()
    {
        if (_logger is not null)
        {
            await _logger.DisposeAsync();
        }

        await _server.DisposeAsync();
    }

    [Test]
    public async Task Init_makes_no_request_until_a_flush()
    {
        // A long batch window: only the flush can start delivery, so the assertion below cannot race the shipper.
        _logger = TestLoggers.ForServer(_server, configure: o => o.FlushInterval = TimeSpan.FromHours(1));
        using (_logger.StartSpan("idle"))
        {
        }

        Assert.That(_server.Requests, Is.Empty);
        await _logger.FlushAsync();
        Assert.That(_server.Requests.Select(r => r.Path), Does.Contain("/api/apikey/login").And.Contain("/logs3"));
    }

    [Test]
    public async Task Session_logs_in_registers_the_project_and_posts_rows_with_the_bearer_key()
    {
        _logger = TestLoggers.ForServer(_server, project: "support-bot");
        using (var span = _logger.StartSpan("handle_request"))
        {
            span.Log(input: new { text = "hi" }, output: "hello", metadata: new Dictionary<string, object?> { ["route"] = "/chat" }, tags: ["compat"]);
        }

        await _logger.FlushAsync();

        var paths = _server.Requests.Select(r => $"{r.Method} {r.Path}").ToList();
        Assert.That(paths, Is.EqualTo(new[] { "POST /api/apikey/login", "POST /api/project/register", "GET /version", "POST /logs3" }));
        Assert.That(_server.Requests.Select(r => r.Authorization), Is.All.EqualTo($"Bearer {FakeBraintrustServer.ApiKey}"));
        var register = JsonNode.Parse(_server.Requests[1].Body)!;
        Assert.That(register["project_name"]!.GetValue<string>(), Is.EqualTo("support-bot"));
        Assert.That(register["org_id"]!.GetValue<string>(), Is.EqualTo(FakeBraintrustServer.OrgId));
        var body = JsonNode.Parse(_server.Logs3Requests.Single().Body)!;
        Assert.That(body["api_version"]!.GetValue<int>(), Is.EqualTo(2));

        var row = _server.Rows.Single();
        Assert.Multiple(() =>
        {
            Assert.That(row.Str("project_id"), Is.EqualTo("proj-support-bot"));
            Assert.That(row.Str("log_id"), Is.EqualTo("g"));
            Assert.That(row.Str("id"), Is.EqualTo(row.Str("span_id")));
            Assert.That(row.Str("span_id"), Does.Match("^[0-9a-f]{16}$"));
            Assert.That(row.Str("root_span_id"), Does.Match("^[0-9a-f]{32}$"));
            Assert.That(row.ContainsKey("span_parents"), Is.False);
            Assert.That(row.Str("created"), Does.Match(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$"));
            Assert.That(row["_is_merge"]!.GetValue<bool>(), Is.False);
            Assert.That(row["input"]!["text"]!.GetValue<string>(), Is.EqualTo("hi"));
            Assert.That(row.Str("output"), Is.EqualTo("hello"));
            Assert.That(row["metadata"]!["route"]!.GetValue<string>(), Is.EqualTo("/chat"));
            Assert.That(row["tags"]!.AsArray().Select(t => t!.GetValue<string>()), Is.EqualTo(new[] { "compat" }));
            Assert.That(row["span_attributes"]!["type"]!.GetValue<string>(), Is.EqualTo("task"));
            Assert.That(row["context"]!["span_origin"]!["name"]!.GetValue<string>(), Is.EqualTo("braintrust.traced.dotnet"));
            var start = row["metrics"]!["start"]!.GetValue<double>();
            var end = row["metrics"]!["end"]!.GetValue<double>();
            Assert.That(start, Is.EqualTo(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0).Within(60));
            Assert.That(end, Is.GreaterThanOrEqualTo(start));
        });
    }

    [Test]
    public async Task OrgName_picks_the_organization_whose_api_url_receives_the_rows()
    {
        _server.ListsAnotherOrganizationFirst = true;
        _logger = TestLoggers.ForServer(_server, configure: o => o.OrgName = FakeBraintrustServer.OrgName);
        HandTraced.Add(1, 1);
        await _logger.FlushAsync();

        Assert.That(JsonNode.Parse(_server.Requests[1].Body)!["org_id"]!.GetValue<string>(), Is.EqualTo(FakeBraintrustServer.OrgId));
        Assert.That(_server.Rows, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ApiUrl_overrides_the_api_url_the_login_names()
    {
        _server.ListsAnotherOrganizationFirst = true;
        _logger = TestLoggers.ForServer(_server, configure: o => o.ApiUrl = _server.Url + "/");
        HandTraced.Add(1, 1);
        await _logger.FlushAsync();

        Assert.That(JsonNode.Parse(_server.Requests[1].Body)!["org_id"]!.GetValue<string>(), Is.EqualTo("org-other"), "without OrgName the first organization is used");
        Assert.That(_server.Rows, Has.Count.EqualTo(1), "rows went to ApiUrl, not to the first organization's api_url");
    }

    [Test]
    public async Task Spans_nest_across_awaits_and_Task_WhenAll()
    {
        _logger = TestLoggers.ForServer(_server);
        using (var root = _logger.StartSpan("request"))
        {
            var results = await HandTraced.PipelineAsync([1, 2, 3]);
            Assert.That(results, Is.EqualTo(new[] { 10, 20, 30 }));
            Assert.That(Span.Current, Is.SameAs(root), "the caller's current span is unchanged after awaiting a traced call");
        }

        await _logger.FlushAsync();
        var spans = _server.MergedSpans();
        var request = spans.Named("request");
        var pipeline = spans.Named("pipeline");
        var fetches = spans.AllNamed("fetch");
        Assert.Multiple(() =>
        {
            Assert.That(spans, Has.Count.EqualTo(5));
            Assert.That(pipeline.Parent(), Is.EqualTo(request.Str("span_id")));
            Assert.That(fetches.Select(f => f.Parent()), Is.All.EqualTo(pipeline.Str("span_id")));
            Assert.That(spans.Select(s => s.Str("root_span_id")).Distinct(), Is.EqualTo(new[] { request.Str("root_span_id") }));
            Assert.That(fetches.Select(f => f["output"]!.GetValue<int>()).Order(), Is.EqualTo(new[] { 10, 20, 30 }));
            Assert.That(pipeline["output"]!.AsArray().Select(n => n!.GetValue<int>()), Is.EqualTo(new[] { 10, 20, 30 }));
            Assert.That(fetches[0]["context"]!["caller_functionname"]!.GetValue<string>(), Is.EqualTo("HandTraced.FetchAsync"));
        });
    }

    [Test]
    public async Task An_exported_span_is_continued_as_parent_on_another_thread()
    {
        _logger = TestLoggers.ForServer(_server);
        string exported;
        string rootId;
        using (var root = _logger.StartSpan("frontend"))
        {
            exported = root.Export();
            rootId = root.SpanId;
        }

        var logger = _logger;
        var worker = new Thread(() =>
        {
            using var child = logger.StartSpan("worker_job", SpanType.Function, parent: exported);
            child.Log(output: "done");
        });
        worker.Start();
        worker.Join();

        await _logger.FlushAsync();
        var spans = _server.MergedSpans();
        var frontend = spans.Named("frontend");
        var job = spans.Named("worker_job");
        Assert.Multiple(() =>
        {
            Assert.That(job.Parent(), Is.EqualTo(rootId));
            Assert.That(job.Str("root_span_id"), Is.EqualTo(frontend.Str("root_span_id")));
            Assert.That(job.Str("span_id"), Is.Not.EqualTo(rootId));
        });
    }

    [Test]
    public async Task Feedback_sends_a_merge_row_and_a_comment_row_like_the_official_sdk()
    {
        _logger = TestLoggers.ForServer(_server);
        string id;
        using (var span = _logger.StartSpan("answer"))
        {
            span.Log(output: "42", scores: new Dictionary<string, double?> { ["accuracy"] = 0.5 });
            id = span.Id;
        }

        await _logger.FlushAsync();
        _logger.LogFeedback(
            id,
            scores: new Dictionary<string, double?> { ["accuracy"] = 1, ["helpful"] = null },
            expected: "forty-two",
            comment: "right answer",
            metadata: new Dictionary<string, object?> { ["reviewer"] = "ana" },
            tags: ["reviewed"]);
        await _logger.FlushAsync();

        var rows = _server.Rows;
        var merge = rows[1];
        var comment = rows[2];
        Assert.Multiple(() =>
        {
            Assert.That(rows, Has.Count.EqualTo(3));
            Assert.That(merge.Str("id"), Is.EqualTo(id));
            Assert.That(merge["_is_merge"]!.GetValue<bool>(), Is.True);
            Assert.That(merge.ContainsKey("span_id"), Is.False, "feedback rows are located by id alone");
            Assert.That(merge["scores"]!["accuracy"]!.GetValue<double>(), Is.EqualTo(1));
            Assert.That(merge["scores"]!.AsObject().ContainsKey("helpful"), Is.True);
            Assert.That(merge.Str("expected"), Is.EqualTo("forty-two"));
            Assert.That(merge["tags"]!.AsArray().Select(t => t!.GetValue<string>()), Is.EqualTo(new[] { "reviewed" }));
            Assert.That(merge.Str("_audit_source"), Is.EqualTo("external"));
            Assert.That(merge["_audit_metadata"]!["reviewer"]!.GetValue<string>(), Is.EqualTo("ana"));
            Assert.That(merge.Str("project_id"), Is.EqualTo("proj-runtime-tests"));
            Assert.That(comment.Str("id"), Is.Not.EqualTo(id));
            Assert.That(Guid.TryParse(comment.Str("id"), out _), Is.True);
            Assert.That(comment["origin"]!["id"]!.GetValue<string>(), Is.EqualTo(id));
            Assert.That(comment["comment"]!["text"]!.GetValue<string>(), Is.EqualTo("right answer"));
            Assert.That(comment.ContainsKey("_is_merge"), Is.False);
            Assert.That(comment["_audit_metadata"]!["reviewer"]!.GetValue<string>(), Is.EqualTo("ana"));
            Assert.That(comment.Str("log_id"), Is.EqualTo("g"));
        });

        var merged = _server.MergedSpans().Single();
        Assert.That(merged["scores"]!["accuracy"]!.GetValue<double>(), Is.EqualTo(1), "feedback overwrites the score it names");
        Assert.That(merged.Str("output"), Is.EqualTo("42"), "feedback leaves other fields alone");
    }

    [Test]
    public async Task Log_after_End_ships_a_merge_row_that_updates_the_span()
    {
        _logger = TestLoggers.ForServer(_server);
        var span = _logger.StartSpan("late");
        span.Log(input: "question");
        span.End();
        span.Log(output: "answer", metadata: new Dictionary<string, object?> { ["late"] = true });
        await _logger.FlushAsync();

        Assert.That(_server.Rows, Has.Count.EqualTo(2));
        Assert.That(_server.Rows[1]["_is_merge"]!.GetValue<bool>(), Is.True);
        Assert.That(_server.Rows[1].Str("span_id"), Is.EqualTo(span.SpanId));
        var merged = _server.MergedSpans().Single();
        Assert.That(merged.Str("input"), Is.EqualTo("question"));
        Assert.That(merged.Str("output"), Is.EqualTo("answer"));
        Assert.That(merged["metadata"]!["late"]!.GetValue<bool>(), Is.True);
    }

    [Test]
    public async Task A_503_is_retried_and_the_rows_arrive()
    {
        _server.FailNextLogs3(2, 503);
        _logger = TestLoggers.ForServer(_server);
        HandTraced.Add(1, 2);
        await _logger.FlushAsync();

        Assert.That(_server.Logs3Requests, Has.Count.EqualTo(3));
        Assert.That(_server.Rows.Single().Name(), Is.EqualTo("add"));
        Assert.That(_logger.FailedRowCount, Is.Zero);
    }

    [Test]
    public async Task A_429_is_retried_after_the_Retry_After_the_server_asked_for()
    {
        _server.FailNextLogs3(1, 429, retryAfterSeconds: 1);
        _logger = TestLoggers.ForServer(_server);
        HandTraced.Add(1, 2);
        await _logger.FlushAsync();

        var attempts = _server.Logs3Requests;
        Assert.That(attempts, Has.Count.EqualTo(2));
        Assert.That(attempts[1].ReceivedAt - attempts[0].ReceivedAt, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(950)), "the retry waited for Retry-After, not the 20 ms backoff");
        Assert.That(_server.Rows, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task While_the_backend_is_down_rows_are_buffered_then_delivered()
    {
        _server.IsDown = true;
        _logger = TestLoggers.ForServer(_server, configure: o => o.MaxRetries = 100);
        for (var i = 0; i < 5; i++)
        {
            HandTraced.Add(i, i);
        }

        var flush = _logger.FlushAsync();
        while (_server.Requests.Count < 3)
        {
            await Task.Delay(10);
        }

        for (var i = 5; i < 10; i++)
        {
            HandTraced.Add(i, i);
        }

        Assert.That(flush.IsCompleted, Is.False, "nothing could be delivered yet");
        _server.IsDown = false;
        await flush.WaitAsync(TimeSpan.FromSeconds(20));
        await _logger.FlushAsync().WaitAsync(TimeSpan.FromSeconds(20));

        Assert.That(_server.MergedSpans().Select(s => s["output"]!.GetValue<int>()).Order(), Is.EqualTo(Enumerable.Range(0, 10).Select(i => i * 2)));
        Assert.That(_logger.DroppedRowCount + _logger.FailedRowCount, Is.Zero);
    }

    [Test]
    public async Task A_full_queue_drops_the_oldest_rows_and_counts_them()
    {
        _server.Logs3Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sink = new RecordingLoggerFactory();
        _logger = TestLoggers.ForServer(_server, configure: o =>
        {
            o.QueueCapacity = 10;
            o.LoggerFactory = sink;
        });
        HandTraced.Add(-1, 0);
        await _server.FirstLogs3Arrived.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // The shipper is stuck in the first request: these 30 rows compete for 10 places.
        for (var i = 0; i < 30; i++)
        {
            HandTraced.Add(i, 0);
        }

        Assert.That(_logger.DroppedRowCount, Is.EqualTo(20));
        _server.Logs3Gate.SetResult();
        await _logger.FlushAsync().WaitAsync(TimeSpan.FromSeconds(20));

        var delivered = _server.MergedSpans().Select(s => s["output"]!.GetValue<int>()).ToList();
        Assert.That(delivered, Is.EqualTo(new[] { -1 }.Concat(Enumerable.Range(20, 10))), "the newest rows survive");
        Assert.That(sink.Messages, Has.Some.Contains("20 rows dropped"), "the drop is reported as a warning");
    }

    [Test]
    public async Task A_rejected_key_gives_the_rows_up_without_hanging_the_flush()
    {
        _logger = TestLoggers.ForServer(_server, configure: o => o.ApiKey = "sk-wrong");
        HandTraced.Add(1, 1);
        HandTraced.Add(2, 2);
        await _logger.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(_logger.FailedRowCount, Is.EqualTo(2));
        Assert.That(_server.Requests.Select(r => r.Path), Is.All.EqualTo("/api/apikey/login"));
        Assert.That(_server.Requests, Has.Count.LessThanOrEqualTo(2), "401 is not retried (one login per batch at most)");
    }

    [Test]
    public async Task Requests_respect_the_size_limit_the_server_announces()
    {
        _server.PayloadMaxBytes = 3000;
        _logger = TestLoggers.ForServer(_server);
        for (var i = 0; i < 6; i++)
        {
            using var span = _logger.StartSpan($"big-{i}");
            span.Log(input: new string('x', 1000));
        }

        await _logger.FlushAsync();

        Assert.That(_server.Rows, Has.Count.EqualTo(6));
        Assert.That(_server.Logs3Requests.Select(r => r.Body.Length), Is.All.LessThanOrEqualTo(3000));
    }

    [TestCase("PUT")]
    [TestCase("POST")]
    public async Task A_row_larger_than_the_announced_limit_goes_through_the_overflow_upload_without_the_api_key(string uploadMethod)
    {
        _server.PayloadMaxBytes = 3000;
        _server.OverflowMethod = uploadMethod;
        _logger = TestLoggers.ForServer(_server);
        var document = string.Concat(Enumerable.Repeat("a long retrieved document ", 400));
        using (var span = _logger.StartSpan("rag"))
        {
            span.Log(input: new { document }, output: "summary");
            using var small = span.StartSpan("small");
            small.Log(output: "fits");
        }

        await _logger.FlushAsync();

        var spans = _server.MergedSpans();
        Assert.That(spans.Single(s => s.Name() == "rag")["input"]!["document"]!.GetValue<string>(), Is.EqualTo(document), "the large row arrived whole");
        Assert.That(spans.Single(s => s.Name() == "small")["output"]!.GetValue<string>(), Is.EqualTo("fits"));
        var reservation = JsonNode.Parse(_server.Requests.Single(r => r.Path == "/logs3/overflow").Body)!;
        var upload = _server.Requests.Single(r => r.Path.StartsWith("/upload/", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(reservation["content_type"]!.GetValue<string>(), Is.EqualTo("application/json"));
            Assert.That(reservation["size_bytes"]!.GetValue<long>(), Is.GreaterThan(3000));
            Assert.That(reservation["rows"]!.AsArray(), Has.Count.EqualTo(1), "only the row that does not fit is uploaded");
            Assert.That(reservation["rows"]![0]!["object_ids"]!["log_id"]!.GetValue<string>(), Is.EqualTo("g"));
            Assert.That(upload.Method, Is.EqualTo(uploadMethod));
            Assert.That(upload.Authorization, Is.Empty, "the storage service never sees the API key");
            Assert.That(_server.Logs3Requests.Select(r => r.Body.Length), Is.All.LessThanOrEqualTo(3000));
            Assert.That(_server.Logs3Requests.Select(r => JsonNode.Parse(r.Body)!["rows"]!.GetValueKind()), Does.Contain(System.Text.Json.JsonValueKind.Object),
                "logs3 received the overflow reference");
        });
    }

    [Test]
    public async Task A_running_spans_heartbeat_is_posted_with_the_registered_project_and_nothing_but_its_identity()
    {
        _logger = TestLoggers.ForServer(_server, configure: o =>
        {
            o.ShowRunningTracesAfter = TimeSpan.FromMilliseconds(30);
            o.RunningSpanHeartbeat = TimeSpan.FromMilliseconds(40);
        });
        var span = _logger.StartSpan("agent", setCurrent: false);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        JsonObject? heartbeat;
        while ((heartbeat = _server.Rows.FirstOrDefault(r => r["id"]?.GetValue<string>() == span.Id && r["span_attributes"] is null)) is null)
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "a heartbeat within 10 s");
            await Task.Delay(10);
        }

        span.End();
        await _logger.FlushAsync();
        Assert.That(heartbeat.Select(field => field.Key), Is.EquivalentTo(new[] { "project_id", "id", "span_id", "root_span_id", "log_id", "_is_merge" }));
        Assert.Multiple(() =>
        {
            Assert.That(heartbeat.Str("project_id"), Is.EqualTo("proj-runtime-tests"), "spliced in as for every row: the server requires it");
            Assert.That(heartbeat.Str("span_id"), Is.EqualTo(span.SpanId));
            Assert.That(heartbeat.Str("root_span_id"), Is.EqualTo(span.RootSpanId));
            Assert.That(heartbeat["_is_merge"]!.GetValue<bool>(), Is.True);
            Assert.That(_server.MergedSpans().Single()["metrics"]!["end"], Is.Not.Null);
        });
    }

    [Test]
    public async Task Without_an_announced_limit_a_large_row_is_posted_directly()
    {
        _logger = TestLoggers.ForServer(_server);
        using (var span = _logger.StartSpan("big"))
        {
            span.Log(input: new string('x', 100_000));
        }

        await _logger.FlushAsync();

        Assert.That(_server.Rows, Has.Count.EqualTo(1));
        Assert.That(_server.Requests.Select(r => r.Path), Has.None.EqualTo("/logs3/overflow"));
    }

    [Test]
    public async Task The_api_key_never_appears_in_warnings()
    {
        var sink = new RecordingLoggerFactory();
        _logger = TestLoggers.ForServer(_server, configure: o =>
        {
            o.ApiKey = "sk-secret-never-log-me";
            o.LoggerFactory = sink;
        });
        HandTraced.Add(1, 1);
        await _logger.FlushAsync();

        Assert.That(sink.Messages, Is.Not.Empty, "the rejected key produced a warning");
        Assert.That(sink.Messages, Has.None.Contains("sk-secret-never-log-me"));
    }
}

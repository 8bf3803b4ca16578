using System.Globalization;
using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Tests.Infrastructure;

namespace Braintrust.Traced.Server.Tests.Compat;

/// <summary>This repository's own runtime (<c>Braintrust.Traced</c>) logs into the server over the same protocol.</summary>
public sealed class DotnetRuntimeTests
{
    [Test]
    public async Task The_runtime_logs_a_nested_trace_and_feedback_that_read_back_through_the_query_api()
    {
        await using var server = await TestServer.StartAsync();
        var logger = BraintrustLogger.Init("runtime-e2e", new BraintrustOptions { ApiKey = TestServer.AdminKey, AppUrl = server.BaseUrl });
        string rootId;
        string rootSpanId;
        await using (logger)
        {
            using (var root = logger.StartSpan("handle_request"))
            {
                root.Log(input: new { text = "I love this product" }, tags: ["dotnet"]);
                using (var llm = root.StartSpan("llm_call", SpanType.Llm))
                {
                    llm.Log(output: "positive", metrics: new Dictionary<string, double> { ["prompt_tokens"] = 5, ["completion_tokens"] = 1, ["tokens"] = 6 });
                }
                root.Log(output: new { label = "positive" });
                rootId = root.Id;
                rootSpanId = root.RootSpanId;
            }
            await logger.FlushAsync();
            logger.LogFeedback(rootId, scores: new Dictionary<string, double?> { ["human"] = 1 }, comment: "checked");
            await logger.FlushAsync();
        }

        var projectId = (await server.Client.GetObjectAsync("/v1/project?project_name=runtime-e2e"))["objects"]![0]!["id"]!.GetValue<string>();
        var trace = await server.Client.GetObjectAsync($"/api/v1/projects/{projectId}/traces/{rootSpanId}");
        var rootNode = trace["spans"]!.AsArray().Single()!;
        Assert.Multiple(() =>
        {
            Assert.That(rootNode["id"]!.GetValue<string>(), Is.EqualTo(rootId));
            Assert.That(rootNode["name"]!.GetValue<string>(), Is.EqualTo("handle_request"));
            Assert.That(rootNode["input"]!["text"]!.GetValue<string>(), Is.EqualTo("I love this product"));
            Assert.That(rootNode["children"]!.AsArray().Single()!["name"]!.GetValue<string>(), Is.EqualTo("llm_call"));
            JsonAssert.AreEquivalent(rootNode["scores"], """{"human":{"value":1,"averaged":false}}""");
            Assert.That(rootNode["comments"]!.AsArray().Select(c => c!["text"]!.GetValue<string>()), Is.EqualTo(new[] { "checked" }));
            Assert.That(trace["span_count"]!.GetValue<int>(), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task A_long_span_stays_running_while_its_process_sends_heartbeats_and_turns_unfinished_once_they_stop()
    {
        // A 3 s running timeout and a heartbeat every 200 ms: fifteen beats a timeout, so a loaded machine's stall
        // cannot make a live span look dead.
        await using var server = await TestServer.StartAsync(StoreBackend.Sqlite, "--BRAINTRUST_TRACED_RUNNING_TIMEOUT=3");
        var logger = BraintrustLogger.Init("runtime-heartbeat", new BraintrustOptions
        {
            ApiKey = TestServer.AdminKey,
            AppUrl = server.BaseUrl,
            FlushInterval = TimeSpan.FromMilliseconds(50),
            ShowRunningTracesAfter = TimeSpan.FromMilliseconds(100),
            RunningSpanHeartbeat = TimeSpan.FromMilliseconds(200),
        });
        JsonObject stillRunning;
        JsonObject afterItsProcessWentAway;
        await using (logger)
        {
            var agent = logger.StartSpan("long_agent", setCurrent: false);
            agent.Log(input: "plan the migration");
            var projectId = (await Eventually.UntilAsync(
                () => server.Client.GetObjectAsync("/v1/project?project_name=runtime-heartbeat"),
                page => page["objects"]!.AsArray().Count == 1, "the project"))["objects"]![0]!["id"]!.GetValue<string>();
            var url = $"/api/v1/projects/{projectId}/traces/{agent.RootSpanId}";
            var early = await Eventually.UntilAsync(() => TryGetAsync(server, url), tree => tree is not null, "the span's early row");
            var firstHeard = LastHeard(early!);

            // Heard from for longer than the timeout: only its heartbeats can have kept it running.
            stillRunning = (await Eventually.UntilAsync(() => TryGetAsync(server, url),
                tree => tree is not null && LastHeard(tree) >= firstHeard.AddSeconds(4), "heartbeats for 4 s"))!;

            // The process goes away without ending the span (its logger is disposed: no more heartbeats, no end).
            await logger.DisposeAsync();
            afterItsProcessWentAway = (await Eventually.UntilAsync(() => TryGetAsync(server, url),
                tree => tree?["spans"]![0]!["running"]!.GetValue<bool>() == false, "the span no longer running"))!;
        }

        var live = stillRunning["spans"]![0]!;
        var dead = afterItsProcessWentAway["spans"]![0]!;
        Assert.Multiple(() =>
        {
            Assert.That(live["running"]!.GetValue<bool>(), Is.True, "running while heartbeats arrive, past the timeout");
            Assert.That(live["end"], Is.Null);
            Assert.That(dead["end"], Is.Null, "unfinished: no end was ever logged");
            Assert.That(dead["input"]!.GetValue<string>(), Is.EqualTo("plan the migration"), "heartbeats changed nothing else");
            Assert.That(dead["name"]!.GetValue<string>(), Is.EqualTo("long_agent"));
            Assert.That(afterItsProcessWentAway["recheck_after_ms"], Is.Null, "nothing running: no recheck");
        });
    }

    private static async Task<JsonObject?> TryGetAsync(TestServer server, string url)
    {
        using var response = await server.Client.GetAsync(url);
        return response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject() : null;
    }

    private static DateTimeOffset LastHeard(JsonObject tree)
        => DateTimeOffset.Parse(tree["spans"]![0]!["last_heard"]!.GetValue<string>(), CultureInfo.InvariantCulture);

    [Test]
    public async Task A_row_above_the_servers_body_limit_arrives_through_the_overflow_upload()
    {
        await using var server = await TestServer.StartAsync(StoreBackend.Sqlite, "--BRAINTRUST_TRACED_MAX_BODY_BYTES=20000");
        var document = string.Concat(Enumerable.Repeat("retrieved passage ", 5_000));
        string rootSpanId;
        await using (var logger = BraintrustLogger.Init("runtime-overflow", new BraintrustOptions { ApiKey = TestServer.AdminKey, AppUrl = server.BaseUrl }))
        {
            using (var root = logger.StartSpan("answer_with_context"))
            {
                root.Log(input: new { document }, output: "short answer");
                rootSpanId = root.RootSpanId;
            }

            await logger.FlushAsync();
            Assert.That(logger.FailedRowCount, Is.Zero, "the row was delivered, not dropped");
        }

        var projectId = (await server.Client.GetObjectAsync("/v1/project?project_name=runtime-overflow"))["objects"]![0]!["id"]!.GetValue<string>();
        var trace = await server.Client.GetObjectAsync($"/api/v1/projects/{projectId}/traces/{rootSpanId}");
        var rootNode = trace["spans"]!.AsArray().Single()!;
        Assert.That(rootNode["input"]!["document"]!.GetValue<string>(), Is.EqualTo(document));
        Assert.That(Directory.GetFiles(Path.Combine(server.DataDir, "overflow"), "*.payload.json"), Is.Not.Empty, "the row really took the overflow path");
    }
}

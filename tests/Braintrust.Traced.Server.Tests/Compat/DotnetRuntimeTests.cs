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

using System.Text.Json.Nodes;
using Braintrust.Traced.Proxy.Tests.Infrastructure;
using Braintrust.Traced.Server.Tests.Infrastructure;

namespace Braintrust.Traced.Proxy.Tests;

/// <summary>The x-bt-parent header logs each proxied call as an llm span, readable through the query API.</summary>
public sealed class ProxyLoggingTests
{
    private FakeUpstream _upstream = null!;
    private ProxyTestServer _server = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        _server = await ProxyTestServer.StartAsync(_upstream.BaseUrl);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _server.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    private async Task<string> ProjectIdAsync(string name)
    {
        var projects = await _server.GetJsonAsync("/api/v1/projects");
        return projects["projects"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == name)!["id"]!.GetValue<string>();
    }

    /// <summary>
    /// The spans of the project's traces, newest trace first, read through the query API once it shows
    /// <paramref name="expected"/> spans: the proxy writes a call's span right after it has answered the call.
    /// </summary>
    private Task<List<JsonObject>> SpansAsync(string projectId, int expected = 1)
        => Eventually.UntilAsync(() => ReadSpansAsync(projectId), spans => spans.Count >= expected, $"{expected} logged span(s)");

    private async Task<List<JsonObject>> ReadSpansAsync(string projectId)
    {
        var list = await _server.GetJsonAsync($"/api/v1/projects/{projectId}/traces");
        var spans = new List<JsonObject>();
        foreach (var trace in list["traces"]!.AsArray())
        {
            var rootSpanId = trace!["root_span_id"]?.GetValue<string>() ?? trace["root"]?["root_span_id"]!.GetValue<string>();
            var tree = await _server.GetJsonAsync($"/api/v1/projects/{projectId}/traces/{rootSpanId}");
            Collect(tree, spans);
        }
        return spans;
    }

    private static void Collect(JsonNode? node, List<JsonObject> spans)
    {
        switch (node)
        {
            case JsonObject obj when obj["span_attributes"] is JsonObject:
                spans.Add(obj);
                foreach (var (_, value) in obj)
                {
                    Collect(value, spans);
                }
                break;
            case JsonObject obj:
                foreach (var (_, value) in obj)
                {
                    Collect(value, spans);
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Collect(item, spans);
                }
                break;
        }
    }

    [Test]
    public async Task ACallWithAProjectNameIsLoggedAsAnLlmSpanAndACacheHitIsMarked()
    {
        var project = "proxy-logs-" + Guid.NewGuid().ToString("N")[..8];
        var question = $"Log me {Guid.NewGuid()}";
        var body = new JsonObject
        {
            ["model"] = "gpt-4o-mini",
            ["seed"] = 5,
            ["max_tokens"] = 50,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = question }),
        };

        using var miss = await _server.PostAsync("chat/completions", body, ("x-bt-parent", $"project_name:{project}"));
        using var hit = await _server.PostAsync("chat/completions", body, ("x-bt-parent", $"project_name:{project}"));
        var answer = (await miss.Content.ReadAsStringAsync());

        var spans = await SpansAsync(await ProjectIdAsync(project), expected: 2);
        Assert.That(spans, Has.Count.EqualTo(2));
        foreach (var span in spans)
        {
            Assert.That(span["span_attributes"]!["type"]!.GetValue<string>(), Is.EqualTo("llm"));
            Assert.That(span["input"]![0]!["content"]!.GetValue<string>(), Is.EqualTo(question));
            Assert.That(answer, Does.Contain(span["output"]![0]!["message"]!["content"]!.GetValue<string>()));
            Assert.That(span["metadata"]!["model"]!.GetValue<string>(), Is.EqualTo("gpt-4o-mini"));
            Assert.That(span["metadata"]!["max_tokens"]!.GetValue<int>(), Is.EqualTo(50));
            Assert.That(span["metrics"]!["tokens"]!.GetValue<double>(), Is.EqualTo(14));
            Assert.That(span["metrics"]!["prompt_tokens"]!.GetValue<double>(), Is.EqualTo(9));
        }
        Assert.That(spans.Select(s => s["metadata"]!["cached"]!.GetValue<bool>()), Is.EquivalentTo(new[] { false, true }));
    }

    [Test]
    public async Task AStreamedCallIsLoggedWithItsAssembledOutput()
    {
        var project = "proxy-stream-" + Guid.NewGuid().ToString("N")[..8];
        var body = new JsonObject
        {
            ["model"] = "gpt-4o-mini",
            ["stream"] = true,
            ["stream_options"] = new JsonObject { ["include_usage"] = true },
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "stream please" }),
        };
        using var response = await _server.PostAsync("chat/completions", body, ("x-bt-parent", $"project_name:{project}"));
        var stream = await response.Content.ReadAsStringAsync();

        var span = (await SpansAsync(await ProjectIdAsync(project))).Single();
        var content = span["output"]![0]!["message"]!["content"]!.GetValue<string>();
        Assert.That(content, Does.StartWith("Answer "));
        Assert.That(stream.Replace("\"content\":\"", "").Contains(content[7..], StringComparison.Ordinal), Is.True);
        Assert.That(span["metrics"]!["completion_tokens"]!.GetValue<double>(), Is.EqualTo(5));
    }

    [Test]
    public async Task AnotherOrgsProjectIdCannotBeLoggedInto()
    {
        var project = "private-" + Guid.NewGuid().ToString("N")[..8];
        using var own = await _server.PostAsync("chat/completions",
            new JsonObject { ["model"] = "m", ["messages"] = new JsonArray() }, ("x-bt-parent", $"project_name:{project}"));
        var projectId = await ProjectIdAsync(project);
        var (otherClient, _) = await _server.CreateOrgAsync("intruder-" + Guid.NewGuid().ToString("N")[..6]);
        var before = _upstream.Calls;

        using var response = await ProxyTestServer.PostAsync(otherClient, "chat/completions",
            new JsonObject { ["model"] = "m", ["messages"] = new JsonArray() }, ("x-bt-parent", $"project_id:{projectId}"));

        Assert.That((int)response.StatusCode, Is.EqualTo(404));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("x-bt-parent"));
        Assert.That(_upstream.Calls, Is.EqualTo(before));
    }

    [Test]
    public async Task AnExportedSpanParentsTheLlmSpan()
    {
        var project = "proxy-parent-" + Guid.NewGuid().ToString("N")[..8];
        var logger = Braintrust.Traced.BraintrustLogger.Init(project, new Braintrust.Traced.BraintrustOptions
        {
            ApiKey = ProxyTestServer.AdminKey,
            ApiUrl = _server.BaseUrl,
            AppUrl = _server.BaseUrl,
        });
        await using (logger)
        {
            var root = logger.StartSpan("agent");
            using var response = await _server.PostAsync("chat/completions",
                new JsonObject { ["model"] = "gpt-4o-mini", ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "child" }) },
                ("x-bt-parent", root.Export()));
            Assert.That((int)response.StatusCode, Is.EqualTo(200), await response.Content.ReadAsStringAsync());
            root.End();
            await logger.FlushAsync();
            var spans = await SpansAsync(await ProjectIdAsync(project), expected: 2);
            var llm = spans.Single(s => s["span_attributes"]!["type"]?.GetValue<string>() == "llm");
            Assert.That(llm["root_span_id"]!.GetValue<string>(), Is.EqualTo(root.RootSpanId));
            Assert.That(llm["parent_span_id"]!.GetValue<string>(), Is.EqualTo(root.SpanId));
        }
    }
}

using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text;
using Braintrust.Traced.Proxy.Tests.Infrastructure;
using Braintrust.Traced.Server.Tests.Infrastructure;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Embeddings;

namespace Braintrust.Traced.Proxy.Tests;

/// <summary>The official OpenAI .NET client, pointed at {server}/v1/proxy with our API key, works end to end.</summary>
public sealed class ProxyOpenAiClientTests
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

    private OpenAIClient Client() => new(new ApiKeyCredential(ProxyTestServer.AdminKey), new OpenAIClientOptions { Endpoint = _server.ProxyEndpoint });

    [Test]
    public async Task ChatCompletionWorksAndASeededRepeatIsServedFromTheCache()
    {
        var chat = Client().GetChatClient("gpt-4o-mini");
        var options = new ChatCompletionOptions();
#pragma warning disable OPENAI001 // Seed is marked experimental in the client; the proxy relies on it as Braintrust's does.
        options.Seed = 42;
#pragma warning restore OPENAI001
        var question = $"Say hello {Guid.NewGuid()}";
        var before = _upstream.Calls;

        ChatCompletion first = await chat.CompleteChatAsync([new UserChatMessage(question)], options);
        var second = await chat.CompleteChatAsync([new UserChatMessage(question)], options);

        Assert.That(first.Content[0].Text, Does.StartWith("Answer "));
        Assert.That(first.Usage.TotalTokenCount, Is.EqualTo(14));
        Assert.That(second.Value.Content[0].Text, Is.EqualTo(first.Content[0].Text));
        Assert.That(second.GetRawResponse().Headers.TryGetValue("x-bt-cached", out var cached) ? cached : null, Is.EqualTo("HIT"));
        Assert.That(_upstream.Calls - before, Is.EqualTo(1));
    }

    [Test]
    public async Task StreamingChatWorksLiveAndFromTheCache()
    {
        var chat = Client().GetChatClient("gpt-4o-mini");
        var options = new ChatCompletionOptions { Temperature = 0 };
        var question = $"Stream {Guid.NewGuid()}";

        async Task<string> StreamAsync()
        {
            var text = new StringBuilder();
            await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage(question)], options))
            {
                foreach (var part in update.ContentUpdate)
                {
                    text.Append(part.Text);
                }
            }
            return text.ToString();
        }

        var before = _upstream.Calls;
        var live = await StreamAsync();
        var replayed = await StreamAsync();

        Assert.That(live, Does.StartWith("Answer "));
        Assert.That(replayed, Is.EqualTo(live));
        Assert.That(_upstream.Calls - before, Is.EqualTo(1));
    }

    [Test]
    public async Task EmbeddingsWork()
    {
        var embeddings = Client().GetEmbeddingClient("text-embedding-3-small");
        OpenAIEmbedding embedding = await embeddings.GenerateEmbeddingAsync($"embed {Guid.NewGuid()}");
        var vector = embedding.ToFloats().ToArray();
        Assert.That(vector[..3], Is.EqualTo(new[] { 0.25f, -0.5f, 0.75f }));
    }

    [Test]
    public async Task AProviderErrorSurfacesAsTheClientsOwnErrorWithItsStatus()
    {
        _upstream.Failure = (400, "application/json",
            """{"error":{"message":"This model's maximum context length is exceeded","type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}}""");
        try
        {
            var chat = Client().GetChatClient("gpt-4o-mini");
            var error = await Assert.ThrowsAsync<ClientResultException>(() => chat.CompleteChatAsync([new UserChatMessage("too long")]));
            Assert.That(error!.Status, Is.EqualTo(400));
            Assert.That(error.Message, Does.Contain("maximum context length"));
        }
        finally
        {
            _upstream.Failure = null;
        }
    }

    [Test]
    public async Task ProxyHeadersSetThroughAPipelinePolicyLogTheCallAndForwardTheCallersProviderKey()
    {
        var project = "client-logs-" + Guid.NewGuid().ToString("N")[..8];
        var options = new OpenAIClientOptions { Endpoint = _server.ProxyEndpoint };
        options.AddPolicy(new HeaderPolicy(("x-bt-parent", $"project_name:{project}"), ("x-bt-provider-key", "sk-callers-key")), PipelinePosition.PerCall);
        var chat = new OpenAIClient(new ApiKeyCredential(ProxyTestServer.AdminKey), options).GetChatClient("gpt-4o-mini");

        ChatCompletion answer = await chat.CompleteChatAsync([new UserChatMessage("logged through the client")]);

        Assert.That(_upstream.AuthorizationHeaders.Last(), Is.EqualTo("Bearer sk-callers-key"));
        var projects = await _server.GetJsonAsync("/api/v1/projects");
        var projectId = projects["projects"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == project)!["id"]!.GetValue<string>();
        // The proxy writes the span right after it has answered, so the trace shows up a moment after the call returns.
        var traces = await Eventually.UntilAsync(() => _server.GetJsonAsync($"/api/v1/projects/{projectId}/traces"),
            list => list["traces"]!.AsArray().Count > 0, "the logged call's trace");
        Assert.That(traces["traces"]!.AsArray(), Has.Count.EqualTo(1));
        Assert.That(traces["traces"]![0]!.ToJsonString(), Does.Contain("\"Chat Completion\""));
        Assert.That(answer.Content[0].Text, Does.StartWith("Answer "));
    }
}

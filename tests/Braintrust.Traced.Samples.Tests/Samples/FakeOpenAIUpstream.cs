using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Braintrust.Traced.Samples.Tests.Samples;

/// <summary>Stands in for api.openai.com behind the server's AI proxy: answers chat completions and remembers the key it was sent.</summary>
internal sealed class FakeOpenAIUpstream : IAsyncDisposable
{
    public const string Answer = "Answered by the upstream behind the proxy.";

    private readonly WebApplication _app;

    private FakeOpenAIUpstream(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>The base URL to configure as the proxy's OpenAI provider (ends in <c>/v1/</c>).</summary>
    public string BaseUrl { get; }

    public List<string> AuthorizationHeaders { get; } = [];

    public static async Task<FakeOpenAIUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakeOpenAIUpstream? upstream = null;
        app.MapPost("/v1/chat/completions", (HttpContext context) =>
        {
            lock (upstream!.AuthorizationHeaders)
            {
                upstream.AuthorizationHeaders.Add(context.Request.Headers.Authorization.ToString());
            }

            var body = new JsonObject
            {
                ["id"] = "chatcmpl-upstream",
                ["object"] = "chat.completion",
                ["created"] = 1_700_000_000,
                ["model"] = "gpt-4o-mini",
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = Answer },
                    ["finish_reason"] = "stop",
                }),
                ["usage"] = new JsonObject { ["prompt_tokens"] = 30, ["completion_tokens"] = 8, ["total_tokens"] = 38 },
            };
            return Results.Text(body.ToJsonString(), "application/json");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        upstream = new FakeOpenAIUpstream(app, address + "/v1/");
        return upstream;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}

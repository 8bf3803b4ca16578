using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Braintrust.Traced.Proxy.Tests.Infrastructure;

/// <summary>
/// A loopback stand-in for OpenAI (Kestrel on 127.0.0.1:0) answering in OpenAI's real JSON and SSE shapes. Every
/// answer carries a fresh nonce, so a replayed answer is told apart from a new one; it counts its calls and records
/// the Authorization header it received. Tests can make it fail, or answer slowly.
/// </summary>
internal sealed class FakeUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _calls;

    private FakeUpstream(WebApplication app)
    {
        _app = app;
        BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/v1";
    }

    /// <summary>The provider base URL to configure (ends in /v1, like https://api.openai.com/v1).</summary>
    public string BaseUrl { get; }

    public int Calls => Volatile.Read(ref _calls);

    public ConcurrentQueue<string> AuthorizationHeaders { get; } = new();

    /// <summary>When set, every call answers this status and body instead.</summary>
    public (int Status, string ContentType, string Body)? Failure { get; set; }

    public TimeSpan Delay { get; set; }

    /// <summary>
    /// When set, each call is counted and then waits for this task before answering: a provider still working on it
    /// for exactly as long as the test needs, however slow the machine.
    /// </summary>
    public Task? AnswerWhen { get; set; }

    /// <summary>The exact bytes of the last event stream sent.</summary>
    public byte[] LastStream { get; private set; } = [];

    public static async Task<FakeUpstream> StartAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = (FakeUpstream?)null;
        app.MapPost("/v1/chat/completions", context => fake!.ChatAsync(context));
        app.MapPost("/v1/completions", context => fake!.CompletionAsync(context));
        app.MapPost("/v1/embeddings", context => fake!.EmbeddingsAsync(context));
        app.MapGet("/v1/models", context => fake!.ModelsAsync(context));
        await app.StartAsync();
        fake = new FakeUpstream(app);
        return fake;
    }

    private async Task<JsonObject?> BeginAsync(HttpContext context)
    {
        Interlocked.Increment(ref _calls);
        AuthorizationHeaders.Enqueue(context.Request.Headers.Authorization.ToString());
        var body = await JsonNode.ParseAsync(context.Request.Body) as JsonObject;
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, context.RequestAborted);
        }
        if (AnswerWhen is { } answerWhen)
        {
            await answerWhen.WaitAsync(context.RequestAborted);
        }
        if (Failure is { } failure)
        {
            context.Response.StatusCode = failure.Status;
            context.Response.ContentType = failure.ContentType;
            await context.Response.WriteAsync(failure.Body);
            return null;
        }
        return body;
    }

    private async Task ChatAsync(HttpContext context)
    {
        if (await BeginAsync(context) is not { } body)
        {
            return;
        }
        var id = "chatcmpl-" + Guid.NewGuid().ToString("N");
        var model = body["model"]!.GetValue<string>();
        var answer = $"Answer {Guid.NewGuid():N}";
        if (body["stream"]?.GetValue<bool>() == true)
        {
            context.Response.ContentType = "text/event-stream";
            var captured = new MemoryStream();
            var pieces = new[] { "", answer[..7], answer[7..] };
            for (var i = 0; i < pieces.Length; i++)
            {
                var delta = i == 0 ? new JsonObject { ["role"] = "assistant", ["content"] = "" } : new JsonObject { ["content"] = pieces[i] };
                await SendEventAsync(context, captured, Chunk(id, model, delta, null));
            }
            await SendEventAsync(context, captured, Chunk(id, model, new JsonObject(), "stop"));
            if (body["stream_options"]?["include_usage"]?.GetValue<bool>() == true)
            {
                var usage = Chunk(id, model, null, null);
                usage["choices"] = new JsonArray();
                usage["usage"] = Usage();
                await SendEventAsync(context, captured, usage);
            }
            await SendRawAsync(context, captured, "data: [DONE]\n\n");
            LastStream = captured.ToArray();
            return;
        }
        await context.Response.WriteAsJsonAsync(new JsonObject
        {
            ["id"] = id,
            ["object"] = "chat.completion",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = answer, ["refusal"] = null },
                ["logprobs"] = null,
                ["finish_reason"] = "stop",
            }),
            ["usage"] = Usage(),
        });
    }

    private async Task CompletionAsync(HttpContext context)
    {
        if (await BeginAsync(context) is not { } body)
        {
            return;
        }
        await context.Response.WriteAsJsonAsync(new JsonObject
        {
            ["id"] = "cmpl-" + Guid.NewGuid().ToString("N"),
            ["object"] = "text_completion",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["model"] = body["model"]!.GetValue<string>(),
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["text"] = $"Completion {Guid.NewGuid():N}", ["finish_reason"] = "stop", ["logprobs"] = null }),
            ["usage"] = Usage(),
        });
    }

    private async Task EmbeddingsAsync(HttpContext context)
    {
        if (await BeginAsync(context) is not { } body)
        {
            return;
        }
        float[] vector = [0.25f, -0.5f, 0.75f, Random.Shared.NextSingle()];
        JsonNode embedding = body["encoding_format"]?.GetValue<string>() == "base64"
            ? Convert.ToBase64String(vector.SelectMany(BitConverter.GetBytes).ToArray())
            : new JsonArray(vector.Select(v => (JsonNode)v).ToArray());
        await context.Response.WriteAsJsonAsync(new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray(new JsonObject { ["object"] = "embedding", ["index"] = 0, ["embedding"] = embedding }),
            ["model"] = body["model"]!.GetValue<string>(),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 3, ["total_tokens"] = 3 },
        });
    }

    private async Task ModelsAsync(HttpContext context)
    {
        Interlocked.Increment(ref _calls);
        AuthorizationHeaders.Enqueue(context.Request.Headers.Authorization.ToString());
        await context.Response.WriteAsJsonAsync(new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray(new JsonObject { ["id"] = "gpt-4o-mini", ["object"] = "model", ["created"] = 1, ["owned_by"] = "openai" }),
        });
    }

    private static JsonObject Chunk(string id, string model, JsonObject? delta, string? finishReason) => new()
    {
        ["id"] = id,
        ["object"] = "chat.completion.chunk",
        ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["model"] = model,
        ["choices"] = delta is null
            ? new JsonArray()
            : new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["logprobs"] = null, ["finish_reason"] = finishReason }),
    };

    private static JsonObject Usage() => new() { ["prompt_tokens"] = 9, ["completion_tokens"] = 5, ["total_tokens"] = 14 };

    private static Task SendEventAsync(HttpContext context, MemoryStream captured, JsonObject chunk)
        => SendRawAsync(context, captured, "data: " + chunk.ToJsonString() + "\n\n");

    private static async Task SendRawAsync(HttpContext context, MemoryStream captured, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        captured.Write(bytes);
        await context.Response.Body.WriteAsync(bytes);
        await context.Response.Body.FlushAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Braintrust.Traced.OpenAI.Benchmarks;

/// <summary>
/// A minimal OpenAI-compatible server on 127.0.0.1 answering from precomputed bytes, so the measured time is the client
/// and the wrapper, not the server. A request with <c>"stream": true</c> gets <see cref="StreamChunks"/> content chunks.
/// </summary>
internal sealed class LoopbackOpenAIServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly byte[] _completion;
    private readonly byte[] _stream;

    private LoopbackOpenAIServer(WebApplication app, int streamChunks)
    {
        _app = app;
        StreamChunks = streamChunks;
        _completion = Encoding.UTF8.GetBytes(
            """{"id":"chatcmpl-b","object":"chat.completion","created":1700000000,"model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"Hello from the benchmark server.","refusal":null},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":6,"total_tokens":18}}""");
        var sse = new StringBuilder();
        sse.Append("""data: {"id":"chatcmpl-b","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}""").Append("\n\n");
        for (var i = 0; i < streamChunks; i++)
        {
            sse.Append("""data: {"id":"chatcmpl-b","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"token """).Append(i).Append(""" "},"logprobs":null,"finish_reason":null}]}""").Append("\n\n");
        }

        sse.Append("""data: {"id":"chatcmpl-b","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]}""").Append("\n\n");
        sse.Append("""data: {"id":"chatcmpl-b","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":6,"total_tokens":18}}""").Append("\n\n");
        sse.Append("data: [DONE]\n\n");
        _stream = Encoding.UTF8.GetBytes(sse.ToString());
    }

    public Uri Endpoint { get; private set; } = null!;

    public int StreamChunks { get; }

    /// <summary>The bytes of the whole event stream: what a streamed call reads.</summary>
    public ReadOnlyMemory<byte> StreamBytes => _stream;

    public static async Task<LoopbackOpenAIServer> StartAsync(int streamChunks)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new LoopbackOpenAIServer(app, streamChunks);
        app.MapPost("/v1/chat/completions", server.AnswerAsync);
        await app.StartAsync();
        server.Endpoint = new Uri(app.Urls.First().TrimEnd('/') + "/v1");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task AnswerAsync(HttpContext context)
    {
        // Only the stream flag matters; the body is read to the end as a real server would.
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var streaming = body.Contains("\"stream\":true", StringComparison.Ordinal);
        context.Response.ContentType = streaming ? "text/event-stream" : "application/json";
        await context.Response.Body.WriteAsync(streaming ? _stream : _completion);
    }
}

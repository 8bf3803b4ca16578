using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Braintrust.Traced.OpenAI.Tests.Fakes;

/// <summary>
/// An OpenAI-compatible server on 127.0.0.1 (Kestrel, port 0) that answers with the real API's JSON and
/// server-sent-event shapes. The model name picks the behaviour: <c>error-400</c>/<c>401</c>/<c>429</c>/<c>500</c>
/// answer with the API's error body, <c>slow-stream</c> streams many chunks slowly (for abandoning),
/// <c>long-stream</c> streams <see cref="FakeReplies.LongStreamChunks"/> chunks as fast as it can (bursts of chunks per
/// read), <c>fragmented-stream</c> streams <see cref="FakeReplies.UnicodeText"/> in 3-byte writes (cut inside lines and
/// UTF-8 characters), anything else answers normally; a chat request with tools and a user message last gets a tool call.
/// </summary>
internal sealed class FakeOpenAIServer : IAsyncDisposable
{
    // The API sends non-ASCII text as raw UTF-8, not \u escapes: so does this server, so reads can cut characters.
    private static readonly JsonSerializerOptions RawUnicode = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly WebApplication _app;

    private FakeOpenAIServer(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    /// <summary>The base address to give the OpenAI client (ends in <c>/v1</c>, like the real one).</summary>
    public Uri Endpoint { get; }

    /// <summary>Every traced-endpoint request received, in order.</summary>
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public static async Task<FakeOpenAIServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http1));
        var app = builder.Build();
        FakeOpenAIServer? server = null;
        app.MapPost("/v1/chat/completions", context => server!.Handle(context, ChatCompletionsAsync));
        app.MapPost("/v1/responses", context => server!.Handle(context, ResponsesAsync));
        app.MapPost("/v1/embeddings", context => server!.Handle(context, EmbeddingsAsync));
        await app.StartAsync();
        var address = app.Urls.First();
        server = new FakeOpenAIServer(app, new Uri(address.TrimEnd('/') + "/v1"));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task Handle(HttpContext context, Func<HttpContext, JsonObject, Task> answer)
    {
        var body = (JsonObject)(await JsonNode.ParseAsync(context.Request.Body))!;
        var authorization = context.Request.Headers.Authorization.ToString();
        Requests.Enqueue(new RecordedRequest(context.Request.Path, authorization, body));
        var model = body["model"]?.GetValue<string>() ?? string.Empty;
        if (model.StartsWith("error-", StringComparison.Ordinal))
        {
            await ErrorAsync(context, int.Parse(model["error-".Length..], System.Globalization.CultureInfo.InvariantCulture), authorization);
            return;
        }

        await answer(context, body);
    }

    private static async Task ErrorAsync(HttpContext context, int status, string authorization)
    {
        var key = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization["Bearer ".Length..] : authorization;
        var (message, type, code) = status switch
        {
            400 => ("Invalid value for 'temperature': must be between 0 and 2.", "invalid_request_error", "invalid_value"),
            // Real servers echo (part of) a rejected key; this one echoes all of it, the worst case for leaking.
            401 => ($"Incorrect API key provided: {key}. You can find your API key at https://platform.openai.com/account/api-keys.", "invalid_request_error", "invalid_api_key"),
            429 => ("Rate limit reached for gpt-4o-mini in organization org-test on requests per min (RPM): Limit 3, Used 3, Requested 1.", "requests", "rate_limit_exceeded"),
            _ => ("The server had an error while processing your request. Sorry about that!", "server_error", (string?)null),
        };
        context.Response.StatusCode = status;
        await WriteJsonAsync(context, new JsonObject
        {
            ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["param"] = status == 400 ? "temperature" : null, ["code"] = code },
        });
    }

    private static async Task ChatCompletionsAsync(HttpContext context, JsonObject body)
    {
        var model = body["model"]!.GetValue<string>();
        var messages = body["messages"]!.AsArray();
        var lastRole = messages[^1]?["role"]?.GetValue<string>();
        var callsTool = body["tools"] is JsonArray { Count: > 0 } && lastRole == "user";
        var text = lastRole == "tool" ? FakeReplies.AfterTool : FakeReplies.Text;
        if (body["stream"]?.GetValue<bool>() == true)
        {
            var includeUsage = body["stream_options"]?["include_usage"]?.GetValue<bool>() == true;
            await StreamChatAsync(context, model, callsTool, text, includeUsage);
            return;
        }

        var message = new JsonObject { ["role"] = "assistant", ["content"] = callsTool ? null : text, ["refusal"] = null, ["annotations"] = new JsonArray() };
        if (callsTool)
        {
            message["tool_calls"] = new JsonArray(new JsonObject
            {
                ["id"] = FakeReplies.ToolCallId,
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = FakeReplies.ToolName, ["arguments"] = FakeReplies.ToolArguments },
            });
        }

        await WriteJsonAsync(context, new JsonObject
        {
            ["id"] = "chatcmpl-fake1",
            ["object"] = "chat.completion",
            ["created"] = 1_700_000_000,
            ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = message,
                ["logprobs"] = null,
                ["finish_reason"] = callsTool ? "tool_calls" : "stop",
            }),
            ["usage"] = FakeReplies.ChatUsage(),
            ["service_tier"] = "default",
            ["system_fingerprint"] = "fp_fake",
        });
    }

    private static async Task StreamChatAsync(HttpContext context, string model, bool callsTool, string text, bool includeUsage)
    {
        StartEventStream(context);
        var slow = model == "slow-stream";
        var burst = model == "long-stream";
        var fragmented = model == "fragmented-stream";
        JsonObject Chunk(JsonObject? delta, string? finishReason, bool withChoice = true) => new()
        {
            ["id"] = "chatcmpl-fake2",
            ["object"] = "chat.completion.chunk",
            ["created"] = 1_700_000_000,
            ["model"] = model,
            ["system_fingerprint"] = "fp_fake",
            ["choices"] = withChoice
                ? new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["logprobs"] = null, ["finish_reason"] = finishReason })
                : new JsonArray(),
            ["usage"] = null,
        };

        if (callsTool)
        {
            await DataAsync(context, Chunk(new JsonObject
            {
                ["role"] = "assistant",
                ["content"] = null,
                ["tool_calls"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["id"] = FakeReplies.ToolCallId,
                    ["type"] = "function",
                    ["function"] = new JsonObject { ["name"] = FakeReplies.ToolName, ["arguments"] = string.Empty },
                }),
            }, null));
            // The arguments arrive in pieces that are not valid JSON on their own, as they do from the real API.
            foreach (var piece in FakeReplies.ToolArguments.Chunk(7).Select(chars => new string(chars)))
            {
                await DataAsync(context, Chunk(new JsonObject
                {
                    ["tool_calls"] = new JsonArray(new JsonObject { ["index"] = 0, ["function"] = new JsonObject { ["arguments"] = piece } }),
                }, null));
            }

            await DataAsync(context, Chunk(new JsonObject(), "tool_calls"));
        }
        else
        {
            await DataAsync(context, Chunk(new JsonObject { ["role"] = "assistant", ["content"] = string.Empty, ["refusal"] = null }, null));
            var pieces = slow ? Enumerable.Range(0, 200).Select(i => $"word{i} ").ToArray()
                : burst ? FakeReplies.LongStreamPieces()
                : fragmented ? FakeReplies.Pieces(FakeReplies.UnicodeText)
                : FakeReplies.Pieces(text);
            foreach (var piece in pieces)
            {
                var chunk = Chunk(new JsonObject { ["content"] = piece }, null);
                if (fragmented)
                {
                    await FragmentedDataAsync(context, chunk);
                    continue;
                }

                await DataAsync(context, chunk, flush: !burst);
                if (slow)
                {
                    await Task.Delay(20, context.RequestAborted);
                }
            }

            await DataAsync(context, Chunk(new JsonObject(), "stop"));
        }

        if (includeUsage)
        {
            var usageChunk = Chunk(null, null, withChoice: false);
            usageChunk["usage"] = FakeReplies.ChatUsage();
            await DataAsync(context, usageChunk);
        }

        await WriteAsync(context, "data: [DONE]\n\n");
    }

    private static async Task ResponsesAsync(HttpContext context, JsonObject body)
    {
        var model = body["model"]!.GetValue<string>();
        JsonObject Response(string status, JsonArray output, JsonObject? usage) => new()
        {
            ["id"] = "resp_fake1",
            ["object"] = "response",
            ["created_at"] = 1_700_000_000,
            ["status"] = status,
            ["error"] = null,
            ["incomplete_details"] = null,
            ["instructions"] = body["instructions"]?.DeepClone(),
            ["max_output_tokens"] = null,
            ["model"] = model,
            ["output"] = output,
            ["parallel_tool_calls"] = true,
            ["previous_response_id"] = null,
            ["store"] = true,
            ["temperature"] = 1.0,
            ["text"] = new JsonObject { ["format"] = new JsonObject { ["type"] = "text" } },
            ["tool_choice"] = "auto",
            ["tools"] = new JsonArray(),
            ["top_p"] = 1.0,
            ["truncation"] = "disabled",
            ["usage"] = usage,
            ["metadata"] = new JsonObject(),
        };
        JsonArray Output() => new(new JsonObject
        {
            ["type"] = "message",
            ["id"] = "msg_fake1",
            ["status"] = "completed",
            ["role"] = "assistant",
            ["content"] = new JsonArray(new JsonObject { ["type"] = "output_text", ["text"] = FakeReplies.Text, ["annotations"] = new JsonArray() }),
        });

        if (body["stream"]?.GetValue<bool>() != true)
        {
            await WriteJsonAsync(context, Response("completed", Output(), FakeReplies.ResponsesUsage()));
            return;
        }

        StartEventStream(context);
        var sequence = 0;
        async Task Event(string type, JsonObject data)
        {
            data["type"] = type;
            data["sequence_number"] = sequence++;
            await WriteAsync(context, $"event: {type}\ndata: {data.ToJsonString()}\n\n");
        }

        await Event("response.created", new JsonObject { ["response"] = Response("in_progress", [], null) });
        foreach (var piece in FakeReplies.Pieces(FakeReplies.Text))
        {
            await Event("response.output_text.delta", new JsonObject
            {
                ["item_id"] = "msg_fake1",
                ["output_index"] = 0,
                ["content_index"] = 0,
                ["delta"] = piece,
                ["logprobs"] = new JsonArray(),
            });
        }

        await Event("response.completed", new JsonObject { ["response"] = Response("completed", Output(), FakeReplies.ResponsesUsage()) });
    }

    private static async Task EmbeddingsAsync(HttpContext context, JsonObject body)
    {
        var inputs = body["input"] switch
        {
            JsonArray array => array.Count,
            _ => 1,
        };
        var base64 = body["encoding_format"]?.GetValue<string>() == "base64";
        var data = new JsonArray();
        for (var i = 0; i < inputs; i++)
        {
            var vector = Enumerable.Range(0, FakeReplies.EmbeddingDimensions).Select(d => (float)(i + 1) / (d + 1)).ToArray();
            JsonNode embedding = base64
                ? Convert.ToBase64String(vector.SelectMany(BitConverter.GetBytes).ToArray())
                : new JsonArray([.. vector.Select(value => (JsonNode)value)]);
            data.Add((JsonNode)new JsonObject { ["object"] = "embedding", ["index"] = i, ["embedding"] = embedding });
        }

        await WriteJsonAsync(context, new JsonObject
        {
            ["object"] = "list",
            ["data"] = data,
            ["model"] = body["model"]!.DeepClone(),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 5, ["total_tokens"] = 5 },
        });
    }

    private static async Task WriteJsonAsync(HttpContext context, JsonObject body)
    {
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString());
    }

    private static void StartEventStream(HttpContext context)
    {
        context.Response.ContentType = "text/event-stream; charset=utf-8";
        context.Response.Headers.CacheControl = "no-cache";
    }

    private static Task DataAsync(HttpContext context, JsonObject chunk, bool flush = true) =>
        WriteAsync(context, $"data: {chunk.ToJsonString(RawUnicode)}\n\n", flush);

    /// <summary>One event sent 3 bytes at a time, each piece flushed: lines and multi-byte characters arrive cut.</summary>
    private static async Task FragmentedDataAsync(HttpContext context, JsonObject chunk)
    {
        var bytes = Encoding.UTF8.GetBytes($"data: {chunk.ToJsonString(RawUnicode)}\n\n");
        for (var offset = 0; offset < bytes.Length; offset += 3)
        {
            await context.Response.Body.WriteAsync(bytes.AsMemory(offset, Math.Min(3, bytes.Length - offset)), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    }

    private static async Task WriteAsync(HttpContext context, string text, bool flush = true)
    {
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), context.RequestAborted);
        if (flush)
        {
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    }
}

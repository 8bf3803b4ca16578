using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Quickstart;

/// <summary>
/// Answers chat completion requests the way OpenAI does (same JSON shape, with usage), without a network, so the
/// quickstart shows a complete llm span even when no provider key is configured.
/// </summary>
internal sealed class FakeModelHandler : HttpMessageHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method != HttpMethod.Post || request.RequestUri?.AbsolutePath.EndsWith("/chat/completions", StringComparison.Ordinal) != true)
        {
            return new HttpResponseMessage(HttpStatusCode.NotFound) { RequestMessage = request };
        }

        var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!;
        var messages = body["messages"]!.AsArray();
        var system = messages.FirstOrDefault(m => (string?)m!["role"] == "system")?["content"]?.ToString() ?? "";
        var status = system.Split("Order status: ", 2) is [_, var rest] ? rest.TrimEnd('.') : "not known yet";
        var text = $"Thanks for your patience! Your order {status}.";
        var promptTokens = messages.Sum(m => (m!["content"]?.ToString().Length ?? 0) / 4);
        var completionTokens = text.Length / 4;
        var response = new JsonObject
        {
            ["id"] = "chatcmpl-fake-" + Guid.NewGuid().ToString("N")[..12],
            ["object"] = "chat.completion",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["model"] = (string?)body["model"] ?? "gpt-4o-mini",
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = text },
                ["finish_reason"] = "stop",
            }),
            ["usage"] = new JsonObject
            {
                ["prompt_tokens"] = promptTokens,
                ["completion_tokens"] = completionTokens,
                ["total_tokens"] = promptTokens + completionTokens,
            },
        };
        return new HttpResponseMessage(HttpStatusCode.OK)
        {
            RequestMessage = request,
            Content = new StringContent(response.ToJsonString(), Encoding.UTF8, "application/json"),
        };
    }
}

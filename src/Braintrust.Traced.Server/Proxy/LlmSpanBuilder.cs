using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Proxy.Cache;

namespace Braintrust.Traced.Server.Proxy;

/// <summary>
/// Builds the <c>llm</c> span row of one proxied call, shaped like the official SDK wrappers' rows: input (messages,
/// prompt or embedding input), output (choices; a stream is assembled from its deltas), metadata (model, provider,
/// the other request parameters, whether the answer came from the cache), token metrics and timing.
/// </summary>
internal static class LlmSpanBuilder
{
    private static readonly HashSet<string> InputFields = ["messages", "prompt", "input"];

    public static JsonObject Build(ProxyRoute route, string provider, JsonObject request, CachedResponse response, bool cached,
        ProxyLogTarget target, DateTimeOffset start, DateTimeOffset end)
    {
        var spanId = Guid.NewGuid().ToString();
        var metadata = new JsonObject { ["provider"] = provider, ["cached"] = cached };
        foreach (var (name, value) in request)
        {
            if (!InputFields.Contains(name))
            {
                metadata[name] = value?.DeepClone();
            }
        }
        var metrics = new JsonObject
        {
            ["start"] = start.ToUnixTimeMilliseconds() / 1000.0,
            ["end"] = end.ToUnixTimeMilliseconds() / 1000.0,
        };
        var row = new JsonObject
        {
            ["span_id"] = spanId,
            ["root_span_id"] = target.RootSpanId ?? spanId,
            ["created"] = start.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            ["input"] = request["messages"]?.DeepClone() ?? request["prompt"]?.DeepClone() ?? request["input"]?.DeepClone(),
            ["metadata"] = metadata,
            ["metrics"] = metrics,
            ["span_attributes"] = new JsonObject { ["name"] = route.SpanName, ["type"] = "llm" },
        };
        if (target.ParentSpanId is { } parent)
        {
            row["span_parents"] = new JsonArray(parent);
        }
        if (response.Status is < 200 or >= 300)
        {
            row["error"] = ErrorMessage(response);
            return row;
        }
        var (output, usage) = response.IsEventStream ? AssembleStream(response.Body) : ReadJson(route, response.Body);
        row["output"] = output;
        if (usage is not null)
        {
            CopyMetric(usage, "prompt_tokens", metrics, "prompt_tokens");
            CopyMetric(usage, "completion_tokens", metrics, "completion_tokens");
            CopyMetric(usage, "total_tokens", metrics, "tokens");
        }
        return row;
    }

    private static (JsonNode? Output, JsonObject? Usage) ReadJson(ProxyRoute route, byte[] body)
    {
        if (Parse(body) is not JsonObject answer)
        {
            return (null, null);
        }
        var usage = answer["usage"] as JsonObject;
        if (route == ProxyRoute.Embeddings && answer["data"] is JsonArray data)
        {
            // Vectors are large and unreadable in a trace view: log their shape, as the SDK wrappers do.
            var dimensions = data.FirstOrDefault()?["embedding"] is JsonArray vector ? vector.Count : 0;
            return (new JsonObject { ["embeddings"] = data.Count, ["embedding_length"] = dimensions }, usage);
        }
        return (answer["choices"]?.DeepClone(), usage);
    }

    /// <summary>Joins a chat stream's deltas into the choices a non-streaming call would have returned.</summary>
    private static (JsonNode? Output, JsonObject? Usage) AssembleStream(byte[] body)
    {
        var choices = new SortedDictionary<int, (string Role, StringBuilder Content, string? FinishReason)>();
        JsonObject? usage = null;
        foreach (var line in Encoding.UTF8.GetString(body).Split('\n'))
        {
            if (!line.StartsWith("data:", StringComparison.Ordinal) || Parse(Encoding.UTF8.GetBytes(line[5..].Trim())) is not JsonObject chunk)
            {
                continue;
            }
            if (chunk["usage"] is JsonObject chunkUsage)
            {
                usage = (JsonObject)chunkUsage.DeepClone();
            }
            foreach (var choice in chunk["choices"] as JsonArray ?? [])
            {
                var index = choice?["index"]?.GetValue<int>() ?? 0;
                var current = choices.TryGetValue(index, out var found) ? found : ("assistant", new StringBuilder(), null);
                var delta = choice?["delta"] ?? choice;
                if (delta?["role"]?.GetValue<string>() is { } role)
                {
                    current.Item1 = role;
                }
                current.Item2.Append(delta?["content"]?.GetValue<string>() ?? delta?["text"]?.GetValue<string>());
                current.Item3 = choice?["finish_reason"]?.GetValue<string>() ?? current.Item3;
                choices[index] = current;
            }
        }
        var output = new JsonArray();
        foreach (var (index, (role, content, finish)) in choices)
        {
            output.Add(new JsonObject
            {
                ["index"] = index,
                ["message"] = new JsonObject { ["role"] = role, ["content"] = content.ToString() },
                ["finish_reason"] = finish,
            });
        }
        return (output, usage);
    }

    private static string ErrorMessage(CachedResponse response)
        => Parse(response.Body)?["error"]?["message"]?.GetValue<string>() ?? $"upstream status {response.Status}";

    private static void CopyMetric(JsonObject usage, string from, JsonObject metrics, string to)
    {
        if (usage[from] is { } value && value.GetValueKind() == JsonValueKind.Number)
        {
            metrics[to] = value.GetValue<double>();
        }
    }

    private static JsonNode? Parse(byte[] bytes)
    {
        try
        {
            return JsonNode.Parse(bytes);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

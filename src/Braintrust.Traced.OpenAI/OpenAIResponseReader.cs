using System.Text.Json;
using System.Text.Json.Nodes;

namespace Braintrust.Traced.OpenAI;

/// <summary>Reads span output and metrics from a complete (non-streamed) OpenAI response body.</summary>
internal static class OpenAIResponseReader
{
    /// <summary>Chat: the <c>choices</c>; Responses: the <c>output</c> items; embeddings: their count and dimension.</summary>
    public static (JsonNode? Output, Dictionary<string, double>? Metrics) Read(OpenAIEndpoint endpoint, BinaryData content)
    {
        JsonNode? body;
        try
        {
            body = JsonNode.Parse(content.ToMemory().Span);
        }
        catch (JsonException)
        {
            return (null, null);
        }

        if (body is not JsonObject response)
        {
            return (null, null);
        }

        var metrics = UsageMetrics.From(response["usage"]);
        var output = endpoint switch
        {
            OpenAIEndpoint.ChatCompletions => response["choices"],
            OpenAIEndpoint.Responses => response["output"],
            _ => EmbeddingSummary(response["data"] as JsonArray),
        };
        return (output, metrics);
    }

    /// <summary>
    /// Vectors are not worth storing in a trace (and Braintrust's SDKs do not): record how many came back and their size.
    /// The .NET client asks for base64 by default, so a vector may be a base64 string of float32 values.
    /// </summary>
    private static JsonObject? EmbeddingSummary(JsonArray? data)
    {
        if (data is null)
        {
            return null;
        }

        var length = data.Count > 0 ? data[0]?["embedding"] switch
        {
            JsonArray floats => floats.Count,
            JsonValue text when text.TryGetValue(out string? base64) => Base64ByteCount(base64) / sizeof(float),
            _ => 0,
        } : 0;
        return new JsonObject { ["embedding_length"] = length, ["embedding_count"] = data.Count };
    }

    private static int Base64ByteCount(string base64)
    {
        var padding = base64.EndsWith("==", StringComparison.Ordinal) ? 2 : base64.EndsWith('=') ? 1 : 0;
        return (base64.Length / 4 * 3) - padding;
    }
}

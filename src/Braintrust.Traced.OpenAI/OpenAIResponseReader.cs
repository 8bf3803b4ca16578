using System.Text.Json;
using System.Text.Json.Nodes;

namespace Braintrust.Traced.OpenAI;

/// <summary>Reads span output and metrics from a complete (non-streamed) OpenAI response body.</summary>
internal static class OpenAIResponseReader
{
    /// <summary>
    /// Chat: the <c>choices</c>; Responses: the <c>output</c> items; embeddings: their count and dimension.
    /// Output is a <see cref="JsonElement"/> (written to the row as it is, no DOM built) or a small summary object.
    /// </summary>
    public static (object? Output, Dictionary<string, double>? Metrics) Read(OpenAIEndpoint endpoint, BinaryData content)
    {
        JsonElement response;
        try
        {
            // ParseValue keeps its own unpooled copy, so the elements outlive the response the caller may dispose.
            var reader = new Utf8JsonReader(content.ToMemory().Span);
            response = JsonElement.ParseValue(ref reader);
        }
        catch (JsonException)
        {
            return (null, null);
        }

        if (response.ValueKind != JsonValueKind.Object)
        {
            return (null, null);
        }

        var metrics = response.TryGetProperty("usage"u8, out var usage) ? UsageMetrics.From(usage) : null;
        object? output = endpoint switch
        {
            OpenAIEndpoint.ChatCompletions => Property(response, "choices"u8),
            OpenAIEndpoint.Responses => Property(response, "output"u8),
            _ => EmbeddingSummary(response),
        };
        return (output, metrics);
    }

    private static JsonElement? Property(JsonElement response, ReadOnlySpan<byte> name) =>
        response.TryGetProperty(name, out var value) ? value : null;

    /// <summary>
    /// Vectors are not worth storing in a trace (and Braintrust's SDKs do not): record how many came back and their size.
    /// The .NET client asks for base64 by default, so a vector may be a base64 string of float32 values.
    /// </summary>
    private static JsonObject? EmbeddingSummary(JsonElement response)
    {
        if (!response.TryGetProperty("data"u8, out var data) || data.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var count = data.GetArrayLength();
        var length = 0;
        if (count > 0 && data[0].ValueKind == JsonValueKind.Object && data[0].TryGetProperty("embedding"u8, out var embedding))
        {
            length = embedding.ValueKind switch
            {
                JsonValueKind.Array => embedding.GetArrayLength(),
                JsonValueKind.String => Base64ByteCount(embedding.GetString()!) / sizeof(float),
                _ => 0,
            };
        }

        return new JsonObject { ["embedding_length"] = length, ["embedding_count"] = count };
    }

    private static int Base64ByteCount(string base64)
    {
        var padding = base64.EndsWith("==", StringComparison.Ordinal) ? 2 : base64.EndsWith('=') ? 1 : 0;
        return (base64.Length / 4 * 3) - padding;
    }
}

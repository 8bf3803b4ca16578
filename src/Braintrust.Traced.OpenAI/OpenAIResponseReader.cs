using System.Text.Json;
using System.Text.Json.Nodes;

namespace Braintrust.Traced.OpenAI;

/// <summary>Reads span output and metrics from a complete (non-streamed) OpenAI response body.</summary>
internal static class OpenAIResponseReader
{
    /// <summary>
    /// Chat: the <c>choices</c>; Responses: the <c>output</c> items (both as the server's JSON text, written into the row
    /// as it is); embeddings: their count and dimension. Never throws: a body that is not JSON gives neither.
    /// </summary>
    public static (object? Output, Dictionary<string, double>? Metrics) Read(OpenAIEndpoint endpoint, BinaryData content)
    {
        try
        {
            return endpoint == OpenAIEndpoint.Embeddings ? ReadEmbeddings(content) : ReadCompletion(endpoint, content.ToMemory());
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static (object? Output, Dictionary<string, double>? Metrics) ReadCompletion(OpenAIEndpoint endpoint, ReadOnlyMemory<byte> body)
    {
        var outputField = endpoint == OpenAIEndpoint.ChatCompletions ? "choices"u8 : "output"u8;
        var reader = new Utf8JsonReader(body.Span);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return (null, null);
        }

        RawJson? output = null;
        Dictionary<string, double>? metrics = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(outputField))
            {
                reader.Read();
                output = JsonSlices.Value(ref reader, body);
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                reader.Read();
                // The usage block is a few numbers: parsing it is cheap and keeps one reading of its two spellings.
                metrics = UsageMetrics.From(JsonElement.ParseValue(ref reader));
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return (output, metrics);
    }

    private static (object? Output, Dictionary<string, double>? Metrics) ReadEmbeddings(BinaryData content)
    {
        var reader = new Utf8JsonReader(content.ToMemory().Span);
        var response = JsonElement.ParseValue(ref reader);
        if (response.ValueKind != JsonValueKind.Object)
        {
            return (null, null);
        }

        var metrics = response.TryGetProperty("usage"u8, out var usage) ? UsageMetrics.From(usage) : null;
        return (EmbeddingSummary(response), metrics);
    }

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

using System.Text.Json;

namespace Braintrust.Traced.OpenAI;

/// <summary>What a traced request asked for, read from the JSON body the client serialized: span input and metadata.</summary>
internal sealed class OpenAIRequest
{
    private OpenAIRequest(RawJson? input, Dictionary<string, object?> metadata)
    {
        Input = input;
        Metadata = metadata;
    }

    /// <summary>Chat: the messages (roles, content parts, tool calls); Responses and embeddings: the <c>input</c> field.</summary>
    public RawJson? Input { get; }

    /// <summary>Every other request field (model, temperature, tools, response_format...) plus <c>provider: "openai"</c>.</summary>
    public Dictionary<string, object?> Metadata { get; }

    /// <summary>
    /// Reads the request body (on the shipper's worker: see <see cref="LlmCallValues"/>). Never throws: a body that is
    /// not a JSON object leaves only the provider in metadata.
    /// </summary>
    public static OpenAIRequest Read(ReadOnlyMemory<byte> body, OpenAIEndpoint endpoint)
    {
        var metadata = new Dictionary<string, object?>(StringComparer.Ordinal) { ["provider"] = "openai" };
        var inputField = endpoint == OpenAIEndpoint.ChatCompletions ? "messages"u8 : "input"u8;
        RawJson? input = null;
        try
        {
            var reader = new Utf8JsonReader(body.Span);
            if (body.IsEmpty || !reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return OnlyProvider();
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isInput = reader.ValueTextEquals(inputField);
                var name = isInput ? null : reader.GetString()!;
                reader.Read();
                var value = JsonSlices.Value(ref reader, body);
                if (isInput)
                {
                    input = value;
                    continue;
                }

                // Strings and booleans as .NET values (the OpenTelemetry bridge reads them as tags); everything else
                // as the client's own JSON text, written into the row as it is.
                metadata[name!] = value.Utf8Json.Span[0] switch
                {
                    (byte)'"' => JsonSlices.String(value),
                    (byte)'t' => true,
                    (byte)'f' => false,
                    (byte)'n' => null,
                    _ => value,
                };
            }
        }
        catch (JsonException)
        {
            // Not JSON (e.g. a multipart upload on a compatible server): trace the call without its input.
            return OnlyProvider();
        }

        return new OpenAIRequest(input, metadata);
    }

    private static OpenAIRequest OnlyProvider() =>
        new(null, new Dictionary<string, object?>(StringComparer.Ordinal) { ["provider"] = "openai" });
}

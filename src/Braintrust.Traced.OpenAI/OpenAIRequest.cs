using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json;

namespace Braintrust.Traced.OpenAI;

/// <summary>What a traced request asked for, read from the JSON body the client serialized: span input and metadata.</summary>
internal sealed class OpenAIRequest
{
    private OpenAIRequest(JsonElement? input, Dictionary<string, object?> metadata)
    {
        Input = input;
        Metadata = metadata;
    }

    /// <summary>Chat: the messages (roles, content parts, tool calls); Responses and embeddings: the <c>input</c> field.</summary>
    public JsonElement? Input { get; }

    /// <summary>Every other request field (model, temperature, tools, response_format...) plus <c>provider: "openai"</c>.</summary>
    public Dictionary<string, object?> Metadata { get; }

    /// <summary>
    /// Reads the request body. Never throws: a body that is not a JSON object leaves only the provider in metadata.
    /// The body is serialized once here and handed back to the request as bytes, so the transport sends these bytes
    /// instead of running the client's serializer a second time.
    /// </summary>
    public static OpenAIRequest Read(PipelineRequest request, OpenAIEndpoint endpoint)
    {
        var metadata = new Dictionary<string, object?>(StringComparer.Ordinal) { ["provider"] = "openai" };
        if (ParseBody(request) is not { ValueKind: JsonValueKind.Object } body)
        {
            return new OpenAIRequest(null, metadata);
        }

        var inputField = endpoint == OpenAIEndpoint.ChatCompletions ? "messages"u8 : "input"u8;
        JsonElement? input = null;
        foreach (var property in body.EnumerateObject())
        {
            if (property.NameEquals(inputField))
            {
                input = property.Value;
                continue;
            }

            // JsonElement values are written to the row as they are (no DOM rebuilt on the shipper) and read by the
            // OpenTelemetry bridge as plain strings and numbers.
            metadata[property.Name] = property.Value;
        }

        return new OpenAIRequest(input, metadata);
    }

    private static JsonElement? ParseBody(PipelineRequest request)
    {
        if (request.Content is not { } content)
        {
            return null;
        }

        // The client hands the policy a serializer-backed content, not bytes: write it out once, then send those bytes.
        using var buffer = new MemoryStream();
        content.WriteTo(buffer);
        var bytes = new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);

        // The caller disposes the content it made, so replacing it here leaves the original to its owner. BinaryData
        // content is rewindable, so a retry resends the same bytes.
        request.Content = BinaryContent.Create(new BinaryData(bytes));
        try
        {
            // ParseValue keeps its own unpooled copy: the elements need no disposal and live as long as the span row.
            var reader = new Utf8JsonReader(bytes.Span);
            return JsonElement.ParseValue(ref reader);
        }
        catch (JsonException)
        {
            // Not JSON (e.g. a multipart upload on a compatible server): trace the call without its input.
            return null;
        }
    }
}

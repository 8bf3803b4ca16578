using System.ClientModel.Primitives;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Braintrust.Traced.OpenAI;

/// <summary>What a traced request asked for, read from the JSON body the client serialized: span input and metadata.</summary>
internal sealed class OpenAIRequest
{
    private OpenAIRequest(JsonNode? input, Dictionary<string, object?> metadata)
    {
        Input = input;
        Metadata = metadata;
    }

    /// <summary>Chat: the messages (roles, content parts, tool calls); Responses and embeddings: the <c>input</c> field.</summary>
    public JsonNode? Input { get; }

    /// <summary>Every other request field (model, temperature, tools, response_format...) plus <c>provider: "openai"</c>.</summary>
    public Dictionary<string, object?> Metadata { get; }

    /// <summary>Reads the request body. Never throws: a body that is not a JSON object leaves only the provider in metadata.</summary>
    public static OpenAIRequest Read(PipelineRequest request, OpenAIEndpoint endpoint)
    {
        var metadata = new Dictionary<string, object?>(StringComparer.Ordinal) { ["provider"] = "openai" };
        if (ParseBody(request) is not JsonObject body)
        {
            return new OpenAIRequest(null, metadata);
        }

        var inputField = endpoint == OpenAIEndpoint.ChatCompletions ? "messages" : "input";
        JsonNode? input = null;
        foreach (var (key, value) in body)
        {
            if (key == inputField)
            {
                input = value;
                continue;
            }

            metadata[key] = value;
        }

        return new OpenAIRequest(input, metadata);
    }

    private static JsonNode? ParseBody(PipelineRequest request)
    {
        if (request.Content is not { } content)
        {
            return null;
        }

        try
        {
            // The client hands the policy a serializer-backed content, not bytes: write it out once to read it back.
            using var buffer = new MemoryStream();
            content.WriteTo(buffer);
            return JsonNode.Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        }
        catch (JsonException)
        {
            // Not JSON (e.g. a multipart upload on a compatible server): trace the call without its input.
            return null;
        }
    }
}

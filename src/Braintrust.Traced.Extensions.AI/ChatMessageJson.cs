using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace Braintrust.Traced.Extensions.AI;

/// <summary>
/// Writes Microsoft.Extensions.AI messages in the OpenAI chat message shape (role, content or content parts,
/// tool_calls, tool results as <c>tool</c> messages), which Braintrust's UI renders as a conversation.
/// </summary>
internal static class ChatMessageJson
{
    /// <summary>The span input: every message, in order.</summary>
    public static JsonArray Messages(IEnumerable<ChatMessage> messages)
    {
        var array = new JsonArray();
        foreach (var message in messages)
        {
            AddMessage(array, message);
        }

        return array;
    }

    /// <summary>The span output: the response's messages as chat <c>choices</c>, the last one carrying the finish reason.</summary>
    public static JsonArray Choices(ChatResponse response)
    {
        var messages = new JsonArray();
        foreach (var message in response.Messages)
        {
            AddMessage(messages, message);
        }

        var choices = new JsonArray();
        var count = messages.Count;
        for (var i = 0; i < count; i++)
        {
            // Move each message node out of the temporary array: a JsonNode has one parent.
            var message = messages[0];
            messages.RemoveAt(0);
            choices.Add((JsonNode)new JsonObject
            {
                ["index"] = i,
                ["message"] = message,
                ["finish_reason"] = i == count - 1 ? response.FinishReason?.Value : null,
            });
        }

        return choices;
    }

    private static void AddMessage(JsonArray array, ChatMessage message)
    {
        var parts = new JsonArray();
        var toolCalls = new JsonArray();
        var textOnly = true;
        foreach (var content in message.Contents)
        {
            switch (content)
            {
                case TextContent text:
                    parts.Add((JsonNode)new JsonObject { ["type"] = "text", ["text"] = text.Text });
                    break;
                case TextReasoningContent reasoning:
                    parts.Add((JsonNode)new JsonObject { ["type"] = "reasoning", ["text"] = reasoning.Text });
                    textOnly = false;
                    break;
                case FunctionCallContent call:
                    toolCalls.Add((JsonNode)new JsonObject
                    {
                        ["id"] = call.CallId,
                        ["type"] = "function",
                        ["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = Arguments(call.Arguments) },
                    });
                    break;
                case FunctionResultContent result:
                    // OpenAI's shape has one tool message per result; a Tool message in M.E.AI may carry several.
                    array.Add((JsonNode)new JsonObject { ["role"] = "tool", ["tool_call_id"] = result.CallId, ["content"] = Result(result) });
                    break;
                case DataContent data:
                    parts.Add((JsonNode)MediaPart(data.MediaType, data.Uri, data.Name));
                    textOnly = false;
                    break;
                case UriContent uri:
                    parts.Add((JsonNode)MediaPart(uri.MediaType, uri.Uri.ToString(), name: null));
                    textOnly = false;
                    break;
                default:
                    parts.Add((JsonNode)new JsonObject { ["type"] = content.GetType().Name });
                    textOnly = false;
                    break;
            }
        }

        if (parts.Count == 0 && toolCalls.Count == 0)
        {
            return;
        }

        var node = new JsonObject { ["role"] = message.Role.Value };
        if (message.AuthorName is { } author)
        {
            node["name"] = author;
        }

        // Plain text stays a string, as users wrote it; mixed content keeps its parts.
        node["content"] = parts.Count == 0 ? null : textOnly ? message.Text : parts;
        if (toolCalls.Count > 0)
        {
            node["tool_calls"] = toolCalls;
        }

        array.Add((JsonNode)node);
    }

    private static JsonObject MediaPart(string mediaType, string uri, string? name) =>
        mediaType.StartsWith("image/", StringComparison.OrdinalIgnoreCase)
            ? new JsonObject { ["type"] = "image_url", ["image_url"] = new JsonObject { ["url"] = uri } }
            : new JsonObject { ["type"] = "file", ["file"] = new JsonObject { ["filename"] = name, ["mime_type"] = mediaType, ["file_data"] = uri } };

    private static string Arguments(IDictionary<string, object?>? arguments)
    {
        if (arguments is null)
        {
            return "{}";
        }

        return Serialize(arguments, typeof(IDictionary<string, object?>)) ?? "{}";
    }

    private static JsonNode? Result(FunctionResultContent result) => result.Result switch
    {
        null => result.Exception is { } exception ? $"{exception.GetType().Name}: {exception.Message}" : null,
        string text => text,
        JsonElement element => JsonNode.Parse(element.GetRawText()),
        var value => Serialize(value, value.GetType()) is { } json ? JsonNode.Parse(json) : value.ToString(),
    };

    /// <summary>Serializes with M.E.AI's own contracts (what the function-invocation layer sends the model), or null.</summary>
    private static string? Serialize(object value, Type type)
    {
        try
        {
            return JsonSerializer.Serialize(value, AIJsonUtilities.DefaultOptions.GetTypeInfo(type));
        }
        catch (NotSupportedException)
        {
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace Braintrust.Traced.Extensions.AI;

/// <summary>
/// The span metadata of a chat call: model, provider and the generation parameters, under the OpenAI parameter names
/// Braintrust's UI and the OpenAI wrapper use, so spans from every provider read alike.
/// </summary>
internal static class ChatOptionsMetadata
{
    public static Dictionary<string, object?> From(ChatOptions? options, ChatClientMetadata? client)
    {
        var metadata = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["provider"] = client?.ProviderName ?? "unknown",
        };
        Add(metadata, "model", options?.ModelId ?? client?.DefaultModelId);
        if (options is null)
        {
            return metadata;
        }

        Add(metadata, "temperature", Decimal(options.Temperature));
        Add(metadata, "top_p", Decimal(options.TopP));
        Add(metadata, "top_k", options.TopK);
        Add(metadata, "max_tokens", options.MaxOutputTokens);
        Add(metadata, "seed", options.Seed);
        Add(metadata, "frequency_penalty", Decimal(options.FrequencyPenalty));
        Add(metadata, "presence_penalty", Decimal(options.PresencePenalty));
        Add(metadata, "instructions", options.Instructions);
        if (options.StopSequences is { Count: > 0 } stops)
        {
            metadata["stop"] = new JsonArray([.. stops.Select(stop => (JsonNode?)stop)]);
        }

        if (options.Tools is { Count: > 0 } tools)
        {
            metadata["tools"] = new JsonArray([.. tools.Select(Tool)]);
        }

        Add(metadata, "tool_choice", ToolChoice(options.ToolMode));
        Add(metadata, "response_format", ResponseFormat(options.ResponseFormat));
        return metadata;
    }

    /// <summary>
    /// A float option as the double a user typed: 0.3f widened directly would read 0.30000001192092896 in the UI, while
    /// going through decimal keeps the float's 7 significant digits.
    /// </summary>
    private static double? Decimal(float? value) => value is { } number && float.IsFinite(number) ? (double)(decimal)number : null;

    private static void Add<T>(Dictionary<string, object?> metadata, string key, T? value)
    {
        if (value is not null)
        {
            metadata[key] = value;
        }
    }

    private static JsonNode Tool(AITool tool)
    {
        if (tool is AIFunctionDeclaration function)
        {
            return new JsonObject
            {
                ["type"] = "function",
                ["function"] = new JsonObject
                {
                    ["name"] = function.Name,
                    ["description"] = function.Description,
                    ["parameters"] = JsonNode.Parse(function.JsonSchema.GetRawText()),
                },
            };
        }

        // Hosted tools (web search, code interpreter...) have no schema: their kind and name say what they are.
        return new JsonObject { ["type"] = tool.GetType().Name, ["name"] = tool.Name };
    }

    private static JsonNode? ToolChoice(ChatToolMode? mode) => mode switch
    {
        null => null,
        NoneChatToolMode => "none",
        AutoChatToolMode => "auto",
        RequiredChatToolMode { RequiredFunctionName: { } name } => new JsonObject
        {
            ["type"] = "function",
            ["function"] = new JsonObject { ["name"] = name },
        },
        RequiredChatToolMode => "required",
        _ => mode.GetType().Name,
    };

    private static JsonNode? ResponseFormat(ChatResponseFormat? format) => format switch
    {
        null => null,
        ChatResponseFormatText => new JsonObject { ["type"] = "text" },
        ChatResponseFormatJson { Schema: { } schema } json => new JsonObject
        {
            ["type"] = "json_schema",
            ["json_schema"] = new JsonObject
            {
                ["name"] = json.SchemaName,
                ["description"] = json.SchemaDescription,
                ["schema"] = JsonNode.Parse(schema.GetRawText()),
            },
        },
        ChatResponseFormatJson => new JsonObject { ["type"] = "json_object" },
        _ => new JsonObject { ["type"] = format.GetType().Name },
    };
}

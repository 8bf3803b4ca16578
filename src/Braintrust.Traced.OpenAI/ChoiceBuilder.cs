using System.Text;
using System.Text.Json.Nodes;

namespace Braintrust.Traced.OpenAI;

/// <summary>One streamed chat choice, assembled from its deltas.</summary>
internal sealed class ChoiceBuilder(int index)
{
    private StringBuilder? _refusal;
    private SortedDictionary<int, ToolCallBuilder>? _toolCalls;

    public string? Role { get; set; }

    public string? FinishReason { get; set; }

    /// <summary>The message text so far; deltas are appended to it.</summary>
    public StringBuilder Content { get; } = new();

    /// <summary>The refusal text so far, created on the first refusal delta.</summary>
    public StringBuilder Refusal => _refusal ??= new StringBuilder();

    /// <summary>The tool call at <paramref name="toolIndex"/>, created on its first delta.</summary>
    public ToolCallBuilder ToolCall(int toolIndex)
    {
        _toolCalls ??= [];
        if (!_toolCalls.TryGetValue(toolIndex, out var call))
        {
            call = new ToolCallBuilder();
            _toolCalls[toolIndex] = call;
        }

        return call;
    }

    /// <summary>The choice in the shape of a non-streamed <c>choices</c> item.</summary>
    public JsonObject Build()
    {
        var message = new JsonObject
        {
            ["role"] = Role ?? "assistant",
            // The API sends null content for a message that only calls tools; keep that shape.
            ["content"] = Content.Length == 0 && _toolCalls is not null ? null : Content.ToString(),
        };
        if (_refusal is not null)
        {
            message["refusal"] = _refusal.ToString();
        }

        if (_toolCalls is not null)
        {
            message["tool_calls"] = new JsonArray([.. _toolCalls.Values.Select(call => (JsonNode)call.Build())]);
        }

        return new JsonObject { ["index"] = index, ["message"] = message, ["finish_reason"] = FinishReason };
    }
}

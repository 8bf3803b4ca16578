using System.Text;
using System.Text.Json.Nodes;

namespace Braintrust.Traced.OpenAI;

/// <summary>One streamed tool call: the id, type and name arrive in its first delta, the arguments in pieces after.</summary>
internal sealed class ToolCallBuilder
{
    public string? Id { get; set; }

    public string? Type { get; set; }

    public string? Name { get; set; }

    /// <summary>The arguments JSON so far; pieces are appended to it.</summary>
    public StringBuilder Arguments { get; } = new();

    /// <summary>The tool call in the shape of a non-streamed <c>message.tool_calls</c> item.</summary>
    public JsonObject Build() => new()
    {
        ["id"] = Id,
        ["type"] = Type ?? "function",
        ["function"] = new JsonObject { ["name"] = Name, ["arguments"] = Arguments.ToString() },
    };
}

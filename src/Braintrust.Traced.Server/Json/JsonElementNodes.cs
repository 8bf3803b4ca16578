using System.Text.Json;
using System.Text.Json.Nodes;

namespace Braintrust.Traced.Server.Json;

/// <summary>Nodes over parsed JSON without copying it.</summary>
internal static class JsonElementNodes
{
    /// <summary>The node JsonNode.Parse would give for the element (nodes read the element lazily, in place).</summary>
    public static JsonNode? ToNode(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => JsonObject.Create(element),
        JsonValueKind.Array => JsonArray.Create(element),
        JsonValueKind.Null => null,
        _ => JsonValue.Create(element),
    };
}

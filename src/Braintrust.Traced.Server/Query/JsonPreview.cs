using System.Text.Json;
using System.Text.Json.Nodes;

namespace Braintrust.Traced.Server.Query;

/// <summary>Short one-line previews of input/output for list views: strings as-is, other JSON compact, both truncated.</summary>
internal static class JsonPreview
{
    public const int MaxLength = 200;

    public static string? Of(JsonNode? node)
    {
        if (node is null)
        {
            return null;
        }
        var text = node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString();
        return text.Length <= MaxLength ? text : text[..(MaxLength - 1)] + "…";
    }
}

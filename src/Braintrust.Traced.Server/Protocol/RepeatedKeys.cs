using System.Text.Json;
using System.Text.Json.Nodes;

namespace Braintrust.Traced.Server.Protocol;

/// <summary>
/// Finds a key that appears twice in one JSON object. The JSON grammar allows it, but a <see cref="JsonObject"/> read
/// from such text throws on first use, wherever that happens (validation, merging, the writer); looking once, up front,
/// turns it into a 400 that names the key instead of a failure deep inside a request.
/// </summary>
internal static class RepeatedKeys
{
    /// <summary>The path of the first repeated key under <paramref name="node"/> (e.g. <c>metadata.a</c>), or null.</summary>
    /// <param name="path">The node's own path; keys below it are appended with a dot, array items with [i].</param>
    public static string? Find(JsonNode? node, string path = "")
    {
        switch (node)
        {
            case JsonObject obj:
                IEnumerable<KeyValuePair<string, JsonNode?>> fields;
                try
                {
                    // A JsonObject built from parsed text fills its dictionary on first use: that is where a repeat throws.
                    fields = obj.ToList();
                }
                catch (ArgumentException)
                {
                    return Join(path, FirstRepeatIn(obj));
                }
                foreach (var (key, value) in fields)
                {
                    if (Find(value, Join(path, key)) is { } found)
                    {
                        return found;
                    }
                }
                return null;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (Find(array[i], $"{path}[{i}]") is { } found)
                    {
                        return found;
                    }
                }
                return null;
            default:
                return null;
        }
    }

    /// <summary>The repeated key, read from the object's text (writing an unfilled object copies its source as is).</summary>
    private static string FirstRepeatIn(JsonObject obj)
    {
        using var document = JsonDocument.Parse(obj.ToJsonString());
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                return property.Name;
            }
        }
        return "(unknown key)";
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";
}

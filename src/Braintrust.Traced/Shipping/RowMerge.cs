using System.Text.Json.Nodes;

namespace Braintrust.Traced.Shipping;

/// <summary>Braintrust's merge semantics for <c>_is_merge</c> rows: objects merge key by key (recursively), everything else replaces.</summary>
internal static class RowMerge
{
    public static void Into(JsonObject target, JsonObject update)
    {
        foreach (var (key, value) in update.ToList())
        {
            update.Remove(key);
            if (value is JsonObject updateObject && target[key] is JsonObject targetObject)
            {
                Into(targetObject, updateObject);
            }
            else
            {
                target[key] = value;
            }
        }
    }
}

using System.Text.Json.Nodes;

namespace Braintrust.Traced.Server.Json;

/// <summary>
/// Braintrust's <c>_is_merge</c> semantics: objects merge key by key, recursively; every other value
/// (scalars, arrays, null) replaces what was there. <c>_merge_paths</c> narrows deep merging to the listed
/// paths: everything outside them is replaced wholesale, as Braintrust does.
/// </summary>
internal static class JsonDeepMerge
{
    public static void MergeInto(JsonObject target, JsonObject patch, IReadOnlyList<string[]>? mergePaths = null)
        => MergeAt(target, patch, mergePaths, []);

    private static void MergeAt(JsonObject target, JsonObject patch, IReadOnlyList<string[]>? mergePaths, List<string> path)
    {
        foreach (var (key, patchValue) in patch)
        {
            path.Add(key);
            if (patchValue is JsonObject patchObject
                && target[key] is JsonObject targetObject
                && ShouldDeepMerge(path, mergePaths))
            {
                MergeAt(targetObject, patchObject, mergePaths, path);
            }
            else
            {
                target[key] = patchValue?.DeepClone();
            }
            path.RemoveAt(path.Count - 1);
        }
    }

    /// <summary>Without merge paths every object merges; with them, only along (or inside) a listed path.</summary>
    private static bool ShouldDeepMerge(List<string> path, IReadOnlyList<string[]>? mergePaths)
    {
        if (mergePaths is null)
        {
            return true;
        }
        foreach (var mergePath in mergePaths)
        {
            var common = Math.Min(mergePath.Length, path.Count);
            var matches = true;
            for (var i = 0; i < common; i++)
            {
                if (!string.Equals(mergePath[i], path[i], StringComparison.Ordinal))
                {
                    matches = false;
                    break;
                }
            }
            if (matches)
            {
                return true;
            }
        }
        return false;
    }
}

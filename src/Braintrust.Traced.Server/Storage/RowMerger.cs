using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Json;

namespace Braintrust.Traced.Server.Storage;

/// <summary>
/// The merge rules shared by every backend: given the stored document (if any) and a write, the new document.
/// A merge row for an unknown id is kept as a PARTIAL row; when the full row arrives later, the partial's fields
/// are merged over it (they are the later updates), so arrival order never loses data.
/// </summary>
internal static class RowMerger
{
    public static MergedRow Apply(JsonObject? stored, bool storedIsPartial, RowWrite write)
    {
        switch (write.Kind)
        {
            case RowWriteKind.Replace:
            {
                var result = (JsonObject)write.Data.DeepClone();
                if (stored is not null && storedIsPartial)
                {
                    JsonDeepMerge.MergeInto(result, stored);
                }
                KeepCreated(result, stored);
                return new MergedRow(result, IsPartial: false);
            }
            case RowWriteKind.Merge:
            {
                if (stored is null)
                {
                    return new MergedRow((JsonObject)write.Data.DeepClone(), IsPartial: true);
                }
                var result = (JsonObject)stored.DeepClone();
                JsonDeepMerge.MergeInto(result, write.Data, write.MergePaths);
                return new MergedRow(result, storedIsPartial);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(write), write.Kind, "only Replace and Merge rows produce a document");
        }
    }

    /// <summary>A replacing row without <c>created</c> keeps the original creation time.</summary>
    private static void KeepCreated(JsonObject result, JsonObject? stored)
    {
        if (result["created"] is null && stored?["created"] is { } created)
        {
            result["created"] = created.DeepClone();
        }
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Json;
using Braintrust.Traced.Server.Storage;

namespace Braintrust.Traced.Server.Protocol;

/// <summary>
/// REST feedback items become the same rows the SDK's logFeedback sends: a merge row for scores/expected/tags
/// and a comment row for the comment, both tagged with the feedback's source and metadata.
/// </summary>
internal static class FeedbackTranslator
{
    private static readonly string[] Sources = ["app", "api", "external"];

    public static IReadOnlyList<RowWrite> ToRows(JsonNode? feedback, string projectId)
    {
        if (feedback is not JsonArray items)
        {
            throw new RowValidationException(null, "feedback", "must be a JSON array of feedback objects");
        }
        var rows = new JsonArray();
        var itemIndexOfRow = new List<int>();
        for (var index = 0; index < items.Count; index++)
        {
            if (items[index] is not JsonObject item)
            {
                throw new RowValidationException(index, "(item)", "must be a JSON object");
            }
            if (item["id"] is not JsonValue id || id.GetValueKind() != JsonValueKind.String)
            {
                throw new RowValidationException(index, "id", "is required: the row id of the span the feedback is about");
            }
            var source = item["source"]?.ToString() ?? "external";
            if (!Sources.Contains(source))
            {
                throw new RowValidationException(index, "source", "must be one of app, api, external");
            }
            var audit = item["metadata"];
            if (audit is not null and not JsonObject)
            {
                throw new RowValidationException(index, "metadata", "must be an object");
            }
            var merge = new JsonObject
            {
                ["id"] = id.DeepClone(),
                ["project_id"] = projectId,
                ["log_id"] = "g",
                ["_is_merge"] = true,
                ["_audit_source"] = source,
                ["_audit_metadata"] = audit?.DeepClone(),
            };
            var hasUpdate = false;
            foreach (var field in new[] { "scores", "expected", "tags" })
            {
                if (item.ContainsKey(field))
                {
                    merge[field] = item[field]?.DeepClone();
                    hasUpdate = true;
                }
            }
            if (hasUpdate)
            {
                rows.Add(merge);
                itemIndexOfRow.Add(index);
            }
            if (item["comment"] is { } comment)
            {
                if (comment.GetValueKind() != JsonValueKind.String)
                {
                    throw new RowValidationException(index, "comment", "must be a string");
                }
                rows.Add(new JsonObject
                {
                    ["id"] = Guid.NewGuid().ToString(),
                    ["project_id"] = projectId,
                    ["log_id"] = "g",
                    ["origin"] = new JsonObject { ["id"] = id.DeepClone() },
                    ["comment"] = new JsonObject { ["text"] = comment.DeepClone() },
                    ["_audit_source"] = source,
                    ["_audit_metadata"] = audit?.DeepClone(),
                });
                itemIndexOfRow.Add(index);
            }
            if (!hasUpdate && item["comment"] is null)
            {
                throw new RowValidationException(index, "(item)", "needs at least one of scores, expected, tags, comment");
            }
        }
        try
        {
            var parsed = LogRowParser.Parse(rows, "feedback", projectId, generateIds: false);
            // Report problems and ownership against the caller's feedback item, not the internal row.
            return parsed.Select(row => row with { Index = itemIndexOfRow[row.Index] }).ToList();
        }
        catch (RowValidationException e) when (e.RowIndex is { } rowIndex)
        {
            throw new RowValidationException(itemIndexOfRow[rowIndex], e.Field, e.Reason, e.StatusCode);
        }
    }
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Json;
using Braintrust.Traced.Server.Storage;

namespace Braintrust.Traced.Server.Protocol;

/// <summary>
/// Validates Braintrust project-log rows (logs3 rows and REST insert events) and turns them into
/// <see cref="RowWrite"/>s. The first problem found is thrown with its row index and field path, before anything
/// is stored, so a bad batch changes nothing.
/// </summary>
internal static class LogRowParser
{
    public const int MaxIdLength = 256;

    public const string RepeatedKeyMessage = "appears twice in the same object; each key may appear only once";

    private static readonly string[] ObjectFields = ["metadata", "span_attributes", "context", "origin"];

    /// <param name="rows">The JSON array of rows.</param>
    /// <param name="pathProjectId">The project from the URL (REST insert); rows then may omit project_id.</param>
    /// <param name="generateIds">REST insert: rows without ids get fresh ids (and root spans fresh span ids).</param>
    public static IReadOnlyList<RowWrite> Parse(JsonNode? rows, string arrayField, string? pathProjectId, bool generateIds)
    {
        if (rows is not JsonArray array)
        {
            throw new RowValidationException(null, arrayField, "must be a JSON array of row objects");
        }
        var writes = new List<RowWrite>(array.Count);
        for (var index = 0; index < array.Count; index++)
        {
            writes.Add(ParseRow(array[index], index, pathProjectId, generateIds));
        }
        return writes;
    }

    /// <summary>One row of <see cref="Parse"/>; also the path for the rows <see cref="LogRowElementParser"/> leaves to the DOM.</summary>
    internal static RowWrite ParseRow(JsonNode? node, int index, string? pathProjectId, bool generateIds)
    {
        if (node is not JsonObject row)
        {
            throw new RowValidationException(index, "(row)", "must be a JSON object");
        }
        if (RepeatedKeys.Find(row) is { } repeated)
        {
            throw new RowValidationException(index, repeated, RepeatedKeyMessage);
        }
        foreach (var unsupported in new[] { "experiment_id", "dataset_id", "prompt_session_id" })
        {
            if (row[unsupported] is not null)
            {
                throw new RowValidationException(index, unsupported, "only project logs are supported (project_id with log_id \"g\")");
            }
        }
        var projectId = OptionalString(row, "project_id", index) ?? pathProjectId
            ?? throw new RowValidationException(index, "project_id", "is required");
        if (pathProjectId is not null && projectId != pathProjectId)
        {
            throw new RowValidationException(index, "project_id", $"must match the project in the URL ({pathProjectId})");
        }
        var logId = OptionalString(row, "log_id", index) ?? "g";
        if (logId != "g")
        {
            throw new RowValidationException(index, "log_id", "must be \"g\" (project logs)");
        }
        var isMerge = OptionalBool(row, "_is_merge", index) ?? false;
        var isDelete = OptionalBool(row, "_object_delete", index) ?? false;
        var id = OptionalString(row, "id", index);
        if (id is null)
        {
            if (!generateIds || isMerge || isDelete)
            {
                throw new RowValidationException(index, "id", "is required");
            }
            id = Guid.NewGuid().ToString();
        }
        CheckId(id, "id", index);

        if (isDelete)
        {
            return new RowWrite(index, projectId, logId, id, RowWriteKind.Delete, []);
        }
        if (row["comment"] is not null || row["origin"] is not null)
        {
            return new RowWrite(index, projectId, logId, id, RowWriteKind.Comment, [], Comment: ParseComment(row, index));
        }

        CheckSpanFields(row, index);
        // The user fields move from the parsed row into the document (a node has one parent): no copy of the row is made.
        var userFields = row.Where(field => !RowControlFields.Names.Contains(field.Key)).ToList();
        var data = new JsonObject();
        foreach (var (key, value) in userFields)
        {
            row.Remove(key);
            data[key] = value;
        }
        if (generateIds && !isMerge)
        {
            FillSpanIds(data, index);
        }
        return new RowWrite(index, projectId, logId, id, isMerge ? RowWriteKind.Merge : RowWriteKind.Replace, data,
            MergePaths: ParseMergePaths(row, index));
    }

    private static CommentWrite ParseComment(JsonObject row, int index)
    {
        if (row["origin"] is not JsonObject origin)
        {
            throw new RowValidationException(index, "origin", "a comment row needs origin: {\"id\": <row id of the commented span>}");
        }
        var originId = OptionalString(origin, "id", index, "origin.id") ?? throw new RowValidationException(index, "origin.id", "is required");
        CheckId(originId, "origin.id", index);
        if (row["comment"] is not JsonObject comment)
        {
            throw new RowValidationException(index, "comment", "a comment row needs comment: {\"text\": \"...\"}");
        }
        var text = OptionalString(comment, "text", index, "comment.text") ?? throw new RowValidationException(index, "comment.text", "is required");
        var created = OptionalString(row, "created", index) ?? SpanDocument.NewCreated();
        CheckTimestamp(created, "created", index);
        var auditMetadata = row["_audit_metadata"];
        if (auditMetadata is not null and not JsonObject)
        {
            throw new RowValidationException(index, "_audit_metadata", "must be an object");
        }
        return new CommentWrite(originId, text, created, OptionalString(row, "_audit_source", index), (JsonObject?)auditMetadata?.DeepClone());
    }

    private static void CheckSpanFields(JsonObject row, int index)
    {
        OptionalString(row, "span_id", index);
        OptionalString(row, "root_span_id", index);
        if (row["span_parents"] is { } parents)
        {
            if (parents is not JsonArray parentArray || parentArray.Any(p => p?.GetValueKind() != JsonValueKind.String))
            {
                throw new RowValidationException(index, "span_parents", "must be an array of span id strings");
            }
        }
        if (OptionalString(row, "created", index) is { } created)
        {
            CheckTimestamp(created, "created", index);
        }
        foreach (var field in ObjectFields)
        {
            if (row[field] is not null and not JsonObject)
            {
                throw new RowValidationException(index, field, "must be a JSON object or null");
            }
        }
        if (row["scores"] is { } scores)
        {
            if (scores is not JsonObject scoreObject)
            {
                throw new RowValidationException(index, "scores", "must be an object of score name to number between 0 and 1 (or null)");
            }
            foreach (var (name, value) in scoreObject)
            {
                if (value is null)
                {
                    continue;
                }
                if (value.GetValueKind() != JsonValueKind.Number || value.GetValue<double>() is < 0 or > 1)
                {
                    throw new RowValidationException(index, $"scores.{name}", "must be a number between 0 and 1, or null");
                }
            }
        }
        if (row["metrics"] is { } metrics)
        {
            if (metrics is not JsonObject metricObject)
            {
                throw new RowValidationException(index, "metrics", "must be an object of metric name to number");
            }
            foreach (var (name, value) in metricObject)
            {
                if (value is not null && value.GetValueKind() != JsonValueKind.Number)
                {
                    throw new RowValidationException(index, $"metrics.{name}", "must be a number or null");
                }
            }
        }
        if (row["tags"] is { } tags && (tags is not JsonArray tagArray || tagArray.Any(t => t?.GetValueKind() != JsonValueKind.String)))
        {
            throw new RowValidationException(index, "tags", "must be an array of strings");
        }
    }

    private static IReadOnlyList<string[]>? ParseMergePaths(JsonObject row, int index)
    {
        if (row["_merge_paths"] is not { } paths)
        {
            return null;
        }
        if (paths is not JsonArray array)
        {
            throw new RowValidationException(index, "_merge_paths", "must be an array of paths (arrays of strings)");
        }
        var result = new List<string[]>();
        foreach (var path in array)
        {
            if (path is not JsonArray parts || parts.Any(p => p?.GetValueKind() != JsonValueKind.String))
            {
                throw new RowValidationException(index, "_merge_paths", "must be an array of paths (arrays of strings)");
            }
            result.Add(parts.Select(p => p!.GetValue<string>()).ToArray());
        }
        return result;
    }

    /// <summary>REST inserts may leave span identity to the server: a lone event becomes its own root span.</summary>
    private static void FillSpanIds(JsonObject data, int index)
    {
        var hasParents = data["span_parents"] is JsonArray { Count: > 0 };
        data["span_id"] ??= Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        if (data["root_span_id"] is null)
        {
            if (hasParents)
            {
                throw new RowValidationException(index, "root_span_id", "is required when span_parents is given");
            }
            data["root_span_id"] = data["span_id"]!.DeepClone();
        }
    }

    internal static void CheckId(string id, string field, int index)
    {
        if (id.Length == 0 || id.Length > MaxIdLength || HasControlCharacter(id))
        {
            throw new RowValidationException(index, field, $"must be a non-empty string of at most {MaxIdLength} printable characters");
        }
    }

    private static bool HasControlCharacter(string id)
    {
        foreach (var c in id)
        {
            if (char.IsControl(c))
            {
                return true;
            }
        }
        return false;
    }

    internal static void CheckTimestamp(string value, string field, int index)
    {
        if (!DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
        {
            throw new RowValidationException(index, field, "must be an ISO-8601 timestamp");
        }
    }

    private static string? OptionalString(JsonObject obj, string key, int index, string? field = null)
    {
        var value = obj[key];
        if (value is null)
        {
            return null;
        }
        if (value.GetValueKind() != JsonValueKind.String)
        {
            throw new RowValidationException(index, field ?? key, "must be a string");
        }
        return value.GetValue<string>();
    }

    private static bool? OptionalBool(JsonObject obj, string key, int index)
    {
        var value = obj[key];
        return value switch
        {
            null => null,
            _ when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False => value.GetValue<bool>(),
            _ => throw new RowValidationException(index, key, "must be true or false"),
        };
    }
}

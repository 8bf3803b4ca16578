using System.Text.Json;
using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Json;
using Braintrust.Traced.Server.Storage;

namespace Braintrust.Traced.Server.Protocol;

/// <summary>
/// Validates logs3 rows in place in the request's parsed body, with the same checks, in the same order and with the
/// same errors as <see cref="LogRowParser"/>, but without a JsonObject per row: a span row becomes a
/// <see cref="RowWrite"/> over its element, stored straight from it when its id is new. Rows this path does not
/// cover (deletes, comments, repeated or escaped keys, which the DOM treats in its own way) go to
/// <see cref="LogRowParser.ParseRow"/> unchanged. The rows read the body's buffer until the batch is committed.
/// </summary>
internal static class LogRowElementParser
{
    public static IReadOnlyList<RowWrite> Parse(JsonElement rows)
    {
        var writes = new List<RowWrite>(rows.GetArrayLength());
        var index = 0;
        foreach (var row in rows.EnumerateArray())
        {
            writes.Add(row.ValueKind == JsonValueKind.Object && SpanRowFields.TryRead(row, out var fields) && IsCovered(row, fields)
                ? ParseSpanRow(row, fields, index)
                : LogRowParser.ParseRow(JsonElementNodes.ToNode(row), index, pathProjectId: null, generateIds: false));
            index++;
        }
        return writes;
    }

    /// <summary>A span write (no delete, no comment) whose keys read the same raw as through a DOM.</summary>
    private static bool IsCovered(JsonElement source, in SpanRowFields row)
        => Present(row.Comment) is null && Present(row.Origin) is null
           && row.ObjectDelete.ValueKind != JsonValueKind.True
           // A key repeated anywhere in the row is rejected by the DOM path, first, naming it (RepeatedKeys); an escaped key
           // is read there as the DOM reads it.
           && SpanRowElement.AllNamesPlainAndDistinct(source);

    private static RowWrite ParseSpanRow(JsonElement source, in SpanRowFields row, int index)
    {
        foreach (var (field, value) in (ReadOnlySpan<(string, JsonElement)>)[("experiment_id", row.ExperimentId), ("dataset_id", row.DatasetId), ("prompt_session_id", row.PromptSessionId)])
        {
            if (Present(value) is not null)
            {
                throw new RowValidationException(index, field, "only project logs are supported (project_id with log_id \"g\")");
            }
        }
        var projectId = OptionalString(row.ProjectId, "project_id", index) ?? throw new RowValidationException(index, "project_id", "is required");
        var logId = OptionalString(row.LogId, "log_id", index) ?? "g";
        if (logId != "g")
        {
            throw new RowValidationException(index, "log_id", "must be \"g\" (project logs)");
        }
        var isMerge = OptionalBool(row.IsMerge, "_is_merge", index) ?? false;
        OptionalBool(row.ObjectDelete, "_object_delete", index); // true never gets here (IsCovered); anything else but false is an error
        var id = OptionalString(row.Id, "id", index) ?? throw new RowValidationException(index, "id", "is required");
        LogRowParser.CheckId(id, "id", index);
        CheckSpanFields(row, index);
        return new RowWrite(index, projectId, logId, id, isMerge ? RowWriteKind.Merge : RowWriteKind.Replace, source, ParseMergePaths(row.MergePaths, index));
    }

    private static void CheckSpanFields(in SpanRowFields row, int index)
    {
        OptionalString(row.SpanId, "span_id", index);
        OptionalString(row.RootSpanId, "root_span_id", index);
        if (Present(row.SpanParents) is { } parents && !IsArrayOfStrings(parents))
        {
            throw new RowValidationException(index, "span_parents", "must be an array of span id strings");
        }
        if (OptionalString(row.Created, "created", index) is { } created)
        {
            LogRowParser.CheckTimestamp(created, "created", index);
        }
        foreach (var (field, value) in (ReadOnlySpan<(string, JsonElement)>)[("metadata", row.Metadata), ("span_attributes", row.SpanAttributes), ("context", row.Context), ("origin", row.Origin)])
        {
            if (Present(value) is { ValueKind: not JsonValueKind.Object })
            {
                throw new RowValidationException(index, field, "must be a JSON object or null");
            }
        }
        if (Present(row.Scores) is { } scores)
        {
            if (scores.ValueKind != JsonValueKind.Object)
            {
                throw new RowValidationException(index, "scores", "must be an object of score name to number between 0 and 1 (or null)");
            }
            foreach (var score in scores.EnumerateObject())
            {
                var value = score.Value;
                if (value.ValueKind == JsonValueKind.Null)
                {
                    continue;
                }
                if (value.ValueKind != JsonValueKind.Number || value.GetDouble() is < 0 or > 1)
                {
                    throw new RowValidationException(index, $"scores.{score.Name}", "must be a number between 0 and 1, or null");
                }
            }
        }
        if (Present(row.Metrics) is { } metrics)
        {
            if (metrics.ValueKind != JsonValueKind.Object)
            {
                throw new RowValidationException(index, "metrics", "must be an object of metric name to number");
            }
            foreach (var metric in metrics.EnumerateObject())
            {
                if (metric.Value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Number))
                {
                    throw new RowValidationException(index, $"metrics.{metric.Name}", "must be a number or null");
                }
            }
        }
        if (Present(row.Tags) is { } tags && !IsArrayOfStrings(tags))
        {
            throw new RowValidationException(index, "tags", "must be an array of strings");
        }
    }

    private static IReadOnlyList<string[]>? ParseMergePaths(JsonElement value, int index)
    {
        if (Present(value) is not { } paths)
        {
            return null;
        }
        if (paths.ValueKind != JsonValueKind.Array)
        {
            throw new RowValidationException(index, "_merge_paths", "must be an array of paths (arrays of strings)");
        }
        var result = new List<string[]>();
        foreach (var path in paths.EnumerateArray())
        {
            if (!IsArrayOfStrings(path))
            {
                throw new RowValidationException(index, "_merge_paths", "must be an array of paths (arrays of strings)");
            }
            result.Add(path.EnumerateArray().Select(part => part.GetString()!).ToArray());
        }
        return result;
    }

    private static bool IsArrayOfStrings(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            return false;
        }
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                return false;
            }
        }
        return true;
    }

    private static JsonElement? Present(JsonElement value) => SpanRowFields.Present(value);

    private static string? OptionalString(JsonElement value, string field, int index)
        => Present(value) switch
        {
            null => null,
            { ValueKind: JsonValueKind.String } present => present.GetString(),
            _ => throw new RowValidationException(index, field, "must be a string"),
        };

    private static bool? OptionalBool(JsonElement value, string field, int index)
        => Present(value) switch
        {
            null => null,
            { ValueKind: JsonValueKind.True } => true,
            { ValueKind: JsonValueKind.False } => false,
            _ => throw new RowValidationException(index, field, "must be true or false"),
        };
}

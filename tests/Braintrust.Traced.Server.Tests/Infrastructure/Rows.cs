using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Storage;

namespace Braintrust.Traced.Server.Tests.Infrastructure;

/// <summary>Builders for the rows the SDK sends, as JSON (for HTTP) and as store writes (for storage tests).</summary>
internal static class Rows
{
    public static JsonObject Span(string projectId, string id, string spanId, string rootSpanId, string? parent = null,
        string? name = null, double? start = null, double? end = null, bool? isMerge = false)
    {
        var row = new JsonObject
        {
            ["id"] = id,
            ["span_id"] = spanId,
            ["root_span_id"] = rootSpanId,
            ["project_id"] = projectId,
            ["log_id"] = "g",
            ["span_attributes"] = new JsonObject { ["name"] = name ?? id, ["type"] = parent is null ? "task" : "llm" },
            ["metrics"] = new JsonObject { ["start"] = start ?? 1_800_000_000 },
        };
        if (end is { } e)
        {
            row["metrics"]!["end"] = e;
        }
        if (parent is not null)
        {
            row["span_parents"] = new JsonArray(parent);
        }
        if (isMerge is { } merge)
        {
            row["_is_merge"] = merge;
        }
        return row;
    }

    public static JsonObject Merge(string projectId, string id, JsonObject fields)
    {
        var row = (JsonObject)fields.DeepClone();
        row["id"] = id;
        row["project_id"] = projectId;
        row["log_id"] = "g";
        row["_is_merge"] = true;
        return row;
    }

    public static JsonObject Logs3(params JsonObject[] rows)
        => new() { ["rows"] = new JsonArray(rows.Select(r => (JsonNode)r).ToArray()), ["api_version"] = 2 };

    /// <summary>Store-level write of a span row (as the protocol layer would produce it).</summary>
    public static RowWrite Write(int index, string projectId, string id, RowWriteKind kind, JsonObject data)
        => new(index, projectId, "g", id, kind, data);

    public static JsonObject SpanData(string spanId, string rootSpanId, string? parent = null, string? name = null, double start = 1_800_000_000)
    {
        var data = new JsonObject
        {
            ["span_id"] = spanId,
            ["root_span_id"] = rootSpanId,
            ["span_attributes"] = new JsonObject { ["name"] = name ?? spanId },
            ["metrics"] = new JsonObject { ["start"] = start },
        };
        if (parent is not null)
        {
            data["span_parents"] = new JsonArray(parent);
        }
        return data;
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Braintrust.Traced.Server.Storage;

/// <summary>
/// Query columns derived from a merged span document. They are recomputed after every write so that indexes
/// always agree with the JSON the user sees.
/// </summary>
internal sealed record SpanColumns(
    string? SpanId,
    string? RootSpanId,
    string? ParentSpanId,
    bool IsRoot,
    string? Name,
    string? SpanType,
    double? Start,
    double? End,
    double SortTs,
    bool HasError,
    double? PromptTokens,
    double? CompletionTokens,
    double? Tokens,
    string Created,
    string SearchText)
{
    public static SpanColumns From(JsonObject data)
    {
        var spanId = StringAt(data, "span_id");
        var rootSpanId = StringAt(data, "root_span_id");
        var parents = data["span_parents"] as JsonArray;
        var parent = parents is { Count: > 0 } ? parents[0]?.GetValueKind() == JsonValueKind.String ? parents[0]!.GetValue<string>() : null : null;
        var attributes = data["span_attributes"] as JsonObject;
        var metrics = data["metrics"] as JsonObject;
        var start = NumberAt(metrics, "start");
        var end = NumberAt(metrics, "end");
        var prompt = NumberAt(metrics, "prompt_tokens");
        var completion = NumberAt(metrics, "completion_tokens");
        var tokens = NumberAt(metrics, "tokens") ?? (prompt is null && completion is null ? null : (prompt ?? 0) + (completion ?? 0));
        var created = StringAt(data, "created") ?? DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        var sortTs = start ?? (DateTimeOffset.TryParse(created, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed.ToUnixTimeMilliseconds() / 1000.0
            : 0);
        var error = data["error"];
        return new SpanColumns(
            spanId,
            rootSpanId,
            parent,
            IsRoot: spanId is not null && rootSpanId is not null && parent is null,
            StringAt(attributes, "name"),
            StringAt(attributes, "type"),
            start,
            end,
            sortTs,
            HasError: error is not null && !(error.GetValueKind() == JsonValueKind.String && error.GetValue<string>().Length == 0),
            prompt,
            completion,
            tokens,
            created,
            BuildSearchText(data));
    }

    /// <summary>A span is shown in queries only once it has its trace identity (a lone feedback merge is not).</summary>
    public bool IsVisible => SpanId is not null && RootSpanId is not null;

    private static string? StringAt(JsonObject? obj, string key)
        => obj?[key] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static double? NumberAt(JsonObject? obj, string key)
        => obj?[key] is JsonValue value && value.GetValueKind() == JsonValueKind.Number ? value.GetValue<double>() : null;

    /// <summary>Free-text search covers names, input, output, expected, error, metadata and tags: keys and values.</summary>
    private static string BuildSearchText(JsonObject data)
    {
        var text = new StringBuilder();
        foreach (var key in new[] { "span_attributes", "input", "output", "expected", "error", "metadata", "tags" })
        {
            AppendTokens(data[key], text);
        }
        return text.ToString();
    }

    private static void AppendTokens(JsonNode? node, StringBuilder text)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    text.Append(key).Append(' ');
                    AppendTokens(value, text);
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    AppendTokens(item, text);
                }
                break;
            case JsonValue value:
                text.Append(value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString()).Append(' ');
                break;
        }
    }
}

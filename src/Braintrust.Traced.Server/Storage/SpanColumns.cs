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
    /// <param name="created">The creation time the stored document gets when <paramref name="data"/> names none.</param>
    public static SpanColumns From(JsonObject data, string? created = null)
    {
        var parents = data["span_parents"] as JsonArray;
        var parent = parents is { Count: > 0 } ? parents[0]?.GetValueKind() == JsonValueKind.String ? parents[0]!.GetValue<string>() : null : null;
        var attributes = data["span_attributes"] as JsonObject;
        var metrics = data["metrics"] as JsonObject;
        var error = data["error"];
        return Build(
            StringAt(data, "span_id"),
            StringAt(data, "root_span_id"),
            parent,
            StringAt(attributes, "name"),
            StringAt(attributes, "type"),
            NumberAt(metrics, "start"),
            NumberAt(metrics, "end"),
            NumberAt(metrics, "prompt_tokens"),
            NumberAt(metrics, "completion_tokens"),
            NumberAt(metrics, "tokens"),
            StringAt(data, "created") ?? created,
            hasError: error is not null && !(error.GetValueKind() == JsonValueKind.String && error.GetValue<string>().Length == 0),
            BuildSearchText(data));
    }

    /// <summary>The columns from the values read out of a span document (as a DOM or in place, see SpanRowElement).</summary>
    /// <param name="created">The document's creation time; null takes now.</param>
    public static SpanColumns Build(string? spanId, string? rootSpanId, string? parent, string? name, string? type, double? start,
        double? end, double? prompt, double? completion, double? tokens, string? created, bool hasError, string searchText)
    {
        tokens ??= prompt is null && completion is null ? null : (prompt ?? 0) + (completion ?? 0);
        created ??= DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        var sortTs = start ?? (DateTimeOffset.TryParse(created, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed.ToUnixTimeMilliseconds() / 1000.0
            : 0);
        return new SpanColumns(
            spanId,
            rootSpanId,
            parent,
            IsRoot: spanId is not null && rootSpanId is not null && parent is null,
            name,
            type,
            start,
            end,
            sortTs,
            hasError,
            prompt,
            completion,
            tokens,
            created,
            searchText);
    }

    /// <summary>A span is shown in queries only once it has its trace identity (a lone feedback merge is not).</summary>
    public bool IsVisible => SpanId is not null && RootSpanId is not null;

    /// <summary>The duration sort key: end - start in seconds, or -1 while either is unknown (sorts as the shortest).</summary>
    public double SortDuration => Start is { } start && End is { } end ? end - start : -1;

    /// <summary>The name sort key: an unnamed span sorts as the empty name.</summary>
    public string SortName => Name ?? "";

    private static string? StringAt(JsonObject? obj, string key)
        => obj?[key] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    /// <summary>
    /// A number whatever its .NET backing: parsed JSON converts to double directly, but a value built in code (an
    /// int or long node, e.g. from a merge built in-process) does not, so those are widened explicitly.
    /// </summary>
    private static double? NumberAt(JsonObject? obj, string key)
    {
        if (obj?[key] is not JsonValue value || value.GetValueKind() != JsonValueKind.Number)
        {
            return null;
        }
        if (value.TryGetValue(out double d))
        {
            return d;
        }
        return value.TryGetValue(out long l) ? l : value.TryGetValue(out int i) ? i : (double)value.GetValue<decimal>();
    }

    // SpanRowElement.SearchText reads the same fields in the same order.
    private static readonly string[] SearchedFields = ["span_attributes", "input", "output", "expected", "error", "metadata", "tags"];

    /// <summary>Free-text search covers names, input, output, expected, error, metadata and tags: keys and values.</summary>
    private static string BuildSearchText(JsonObject data)
    {
        var text = new StringBuilder(1024);
        foreach (var key in SearchedFields)
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

using System.Text.Json;
using System.Text.Json.Nodes;

namespace Braintrust.Traced.OpenAI;

/// <summary>
/// Turns an OpenAI <c>usage</c> block into Braintrust's metric names. Chat completions and embeddings say
/// <c>prompt_tokens</c>/<c>completion_tokens</c>, the Responses API says <c>input_tokens</c>/<c>output_tokens</c>;
/// Braintrust's UI reads <c>prompt_tokens</c>, <c>completion_tokens</c> and <c>tokens</c> for both.
/// </summary>
internal static class UsageMetrics
{
    /// <summary>The metrics in <paramref name="usage"/>, or <see langword="null"/> when it carries none.</summary>
    public static Dictionary<string, double>? From(JsonNode? usage)
    {
        if (usage is not JsonObject block)
        {
            return null;
        }

        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        var prompt = Number(block["prompt_tokens"]) ?? Number(block["input_tokens"]);
        var completion = Number(block["completion_tokens"]) ?? Number(block["output_tokens"]);
        var total = Number(block["total_tokens"]) ?? (prompt + completion);
        Add(metrics, "prompt_tokens", prompt);
        Add(metrics, "completion_tokens", completion);
        Add(metrics, "tokens", total);
        Add(metrics, "prompt_cached_tokens", Number((block["prompt_tokens_details"] ?? block["input_tokens_details"])?["cached_tokens"]));
        Add(metrics, "completion_reasoning_tokens", Number((block["completion_tokens_details"] ?? block["output_tokens_details"])?["reasoning_tokens"]));
        return metrics.Count == 0 ? null : metrics;
    }

    /// <summary>The metrics in a parsed <paramref name="usage"/> element, or <see langword="null"/> when it carries none.</summary>
    public static Dictionary<string, double>? From(JsonElement usage)
    {
        if (usage.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        var prompt = Number(usage, "prompt_tokens"u8) ?? Number(usage, "input_tokens"u8);
        var completion = Number(usage, "completion_tokens"u8) ?? Number(usage, "output_tokens"u8);
        var total = Number(usage, "total_tokens"u8) ?? (prompt + completion);
        Add(metrics, "prompt_tokens", prompt);
        Add(metrics, "completion_tokens", completion);
        Add(metrics, "tokens", total);
        Add(metrics, "prompt_cached_tokens", Number(Details(usage, "prompt_tokens_details"u8, "input_tokens_details"u8), "cached_tokens"u8));
        Add(metrics, "completion_reasoning_tokens", Number(Details(usage, "completion_tokens_details"u8, "output_tokens_details"u8), "reasoning_tokens"u8));
        return metrics.Count == 0 ? null : metrics;
    }

    // Mirrors `block[a] ?? block[b]` of the node version: the first name present and not null.
    private static JsonElement Details(JsonElement usage, ReadOnlySpan<byte> name, ReadOnlySpan<byte> fallback) =>
        usage.TryGetProperty(name, out var details) && details.ValueKind != JsonValueKind.Null ? details
        : usage.TryGetProperty(fallback, out details) ? details
        : default;

    private static double? Number(JsonElement block, ReadOnlySpan<byte> name) =>
        block.ValueKind == JsonValueKind.Object
        && block.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.Number
            ? value.GetDouble()
            : null;

    private static void Add(Dictionary<string, double> metrics, string name, double? value)
    {
        if (value is { } number)
        {
            metrics[name] = number;
        }
    }

    private static double? Number(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number ? value.GetValue<double>() : null;
}

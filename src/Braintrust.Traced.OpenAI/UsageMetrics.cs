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

using Microsoft.Extensions.AI;

namespace Braintrust.Traced.Extensions.AI;

/// <summary>Maps <see cref="UsageDetails"/> onto the metric names Braintrust's UI reads.</summary>
internal static class ChatUsageMetrics
{
    public static Dictionary<string, double> From(UsageDetails? usage)
    {
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        if (usage is null)
        {
            return metrics;
        }

        Add(metrics, "prompt_tokens", usage.InputTokenCount);
        Add(metrics, "completion_tokens", usage.OutputTokenCount);
        Add(metrics, "tokens", usage.TotalTokenCount ?? (usage.InputTokenCount + usage.OutputTokenCount));
        Add(metrics, "prompt_cached_tokens", usage.CachedInputTokenCount);
        Add(metrics, "completion_reasoning_tokens", usage.ReasoningTokenCount);
        return metrics;
    }

    private static void Add(Dictionary<string, double> metrics, string name, long? value)
    {
        if (value is { } count)
        {
            metrics[name] = count;
        }
    }
}

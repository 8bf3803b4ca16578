using System.Text.Json;
using Braintrust.Traced.Server.Storage;

namespace Braintrust.Traced.Server.Query;

/// <summary>
/// Scores as the UI shows them: a span's own scores win; for a score name a parent does not have, it shows the
/// average of its children's (effective) scores, marked averaged. Computed bottom-up, so feedback or scorer
/// child spans roll up to the root.
/// </summary>
internal static class ScoreRollup
{
    /// <returns>span_id → score name → effective score, for every span of the trace(s).</returns>
    public static Dictionary<string, Dictionary<string, EffectiveScore>> Compute(IReadOnlyList<IRollupSource> spans)
    {
        var bySpanId = new Dictionary<string, IRollupSource>(StringComparer.Ordinal);
        var children = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var span in spans)
        {
            if (span.SpanId is null)
            {
                continue;
            }
            bySpanId[span.SpanId] = span;
        }
        foreach (var span in bySpanId.Values)
        {
            if (span.ParentSpanId is { } parent && bySpanId.ContainsKey(parent))
            {
                if (!children.TryGetValue(parent, out var list))
                {
                    children[parent] = list = [];
                }
                list.Add(span.SpanId!);
            }
        }
        var result = new Dictionary<string, Dictionary<string, EffectiveScore>>(StringComparer.Ordinal);
        foreach (var spanId in bySpanId.Keys)
        {
            Resolve(spanId, bySpanId, children, result, depth: 0);
        }
        return result;
    }

    private static Dictionary<string, EffectiveScore> Resolve(string spanId, Dictionary<string, IRollupSource> spans,
        Dictionary<string, List<string>> children, Dictionary<string, Dictionary<string, EffectiveScore>> done, int depth)
    {
        if (done.TryGetValue(spanId, out var known))
        {
            return known;
        }
        var own = new Dictionary<string, EffectiveScore>(StringComparer.Ordinal);
        // Guard against malformed parent cycles: deeper than any real trace, stop rolling up.
        done[spanId] = own;
        if (spans[spanId].Scores is { } scores)
        {
            foreach (var (name, value) in scores)
            {
                if (value is not null && value.GetValueKind() == JsonValueKind.Number)
                {
                    own[name] = new EffectiveScore(value.GetValue<double>(), Averaged: false);
                }
            }
        }
        if (depth < 1000 && children.TryGetValue(spanId, out var kids))
        {
            var sums = new Dictionary<string, (double Sum, int Count)>(StringComparer.Ordinal);
            foreach (var kid in kids)
            {
                foreach (var (name, score) in Resolve(kid, spans, children, done, depth + 1))
                {
                    var (sum, count) = sums.GetValueOrDefault(name);
                    sums[name] = (sum + score.Value, count + 1);
                }
            }
            foreach (var (name, (sum, count)) in sums)
            {
                own.TryAdd(name, new EffectiveScore(sum / count, Averaged: true));
            }
        }
        return own;
    }
}

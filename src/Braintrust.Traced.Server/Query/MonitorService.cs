using System.Text.Json;
using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Storage;

namespace Braintrust.Traced.Server.Query;

/// <summary>
/// Per-bucket aggregates for the monitor view. A trace counts in the bucket of its root's start; latency is the
/// root's duration; tokens and score averages cover every span in the bucket (by each span's own start).
/// </summary>
internal sealed class MonitorService(ITraceStore store)
{
    public const int MaxBuckets = 2000;

    public async Task<JsonObject> GetAsync(string projectId, double from, double to, double bucketSeconds, CancellationToken ct)
    {
        var spans = await store.ListSpansInRangeAsync(projectId, from, to, ct);
        var bucketCount = (int)Math.Ceiling((to - from) / bucketSeconds);
        var buckets = Enumerable.Range(0, bucketCount).Select(_ => new MonitorBucket()).ToArray();
        var errorTraces = spans.Where(s => s.HasError).Select(s => s.RootSpanId).ToHashSet(StringComparer.Ordinal);
        foreach (var span in spans)
        {
            var bucket = buckets[Math.Min(bucketCount - 1, (int)((span.SortTs - from) / bucketSeconds))];
            bucket.Spans++;
            bucket.Tokens += span.Tokens ?? 0;
            if (span.Scores is { } scores)
            {
                foreach (var (name, value) in scores)
                {
                    if (value is not null && value.GetValueKind() == JsonValueKind.Number)
                    {
                        var (sum, count) = bucket.Scores.GetValueOrDefault(name);
                        bucket.Scores[name] = (sum + value.GetValue<double>(), count + 1);
                    }
                }
            }
            if (span.IsRoot)
            {
                bucket.Traces++;
                if (errorTraces.Contains(span.RootSpanId))
                {
                    bucket.Errors++;
                }
                if (SpanJson.DurationMs(span) is { } duration)
                {
                    bucket.Latencies.Add(duration);
                }
            }
        }
        var result = new JsonArray();
        for (var i = 0; i < bucketCount; i++)
        {
            var bucket = buckets[i];
            bucket.Latencies.Sort();
            var scores = new JsonObject();
            foreach (var (name, (sum, count)) in bucket.Scores.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                scores[name] = sum / count;
            }
            result.Add(new JsonObject
            {
                ["start"] = QueryTime.Iso(from + i * bucketSeconds),
                ["count"] = bucket.Traces,
                ["spans"] = bucket.Spans,
                ["errors"] = bucket.Errors,
                ["latency_p50_ms"] = Percentile(bucket.Latencies, 0.50),
                ["latency_p95_ms"] = Percentile(bucket.Latencies, 0.95),
                ["tokens"] = bucket.Tokens,
                ["scores"] = scores,
            });
        }
        return new JsonObject
        {
            ["from"] = QueryTime.Iso(from),
            ["to"] = QueryTime.Iso(to),
            ["bucket_seconds"] = bucketSeconds,
            ["buckets"] = result,
        };
    }

    /// <summary>Nearest-rank percentile (a value that actually occurred), null for an empty bucket.</summary>
    internal static double? Percentile(List<double> sorted, double p)
        => sorted.Count == 0 ? null : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}

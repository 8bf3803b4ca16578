using System.Globalization;
using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Storage;

namespace Braintrust.Traced.Server.Query;

/// <summary>JSON shapes of the query API (documented in docs/server.md).</summary>
internal static class SpanJson
{
    public static JsonObject Scores(IReadOnlyDictionary<string, EffectiveScore>? scores)
    {
        var result = new JsonObject();
        if (scores is null)
        {
            return result;
        }
        foreach (var (name, score) in scores.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            result[name] = new JsonObject { ["value"] = score.Value, ["averaged"] = score.Averaged };
        }
        return result;
    }

    public static double? DurationMs(StoredSpan span)
        => span.Start is { } start && span.End is { } end ? Math.Round((end - start) * 1000, 3) : null;

    /// <summary>The fields every span view shares (list rows, tree nodes, live events).</summary>
    /// <param name="liveness">The moment and timeout <c>running</c> is judged by (see <see cref="SpanLiveness"/>).</param>
    public static JsonObject Header(StoredSpan span, IReadOnlyDictionary<string, EffectiveScore>? scores, SpanLiveness liveness) => new()
    {
        ["id"] = span.Id,
        ["span_id"] = span.SpanId,
        ["root_span_id"] = span.RootSpanId,
        ["parent_span_id"] = span.ParentSpanId,
        ["name"] = span.Name,
        ["type"] = span.SpanType,
        ["start"] = span.Start is { } s ? QueryTime.Iso(s) : null,
        ["end"] = span.End is { } e ? QueryTime.Iso(e) : null,
        ["duration_ms"] = DurationMs(span),
        ["last_heard"] = span.LastHeard is { } heard ? QueryTime.Iso(heard) : null,
        ["running"] = liveness.IsRunning(span),
        ["created"] = span.Created,
        ["has_error"] = span.HasError,
        ["scores"] = Scores(scores),
        ["xact_id"] = span.XactId.ToString(CultureInfo.InvariantCulture),
    };

    public static JsonObject Comment(StoredComment comment) => new()
    {
        ["id"] = comment.Id,
        ["text"] = comment.Text,
        ["created"] = comment.Created,
        ["source"] = comment.AuditSource,
        ["metadata"] = comment.AuditMetadata?.DeepClone(),
    };

    /// <summary>Header plus the span's content fields and comments (tree nodes and the single-span view).</summary>
    public static JsonObject Detail(StoredSpan span, IReadOnlyDictionary<string, EffectiveScore>? scores, IEnumerable<StoredComment> comments,
        double? traceStart, SpanLiveness liveness)
    {
        var node = Header(span, scores, liveness);
        node["offset_ms"] = traceStart is { } t && span.Start is { } s ? Math.Round((s - t) * 1000, 3) : null;
        var data = span.Data ?? [];
        foreach (var field in new[] { "input", "output", "expected", "error", "metadata", "metrics", "tags", "span_attributes", "context" })
        {
            node[field] = data[field]?.DeepClone();
        }
        node["comments"] = new JsonArray(comments.Select(c => (JsonNode)Comment(c)).ToArray());
        return node;
    }
}

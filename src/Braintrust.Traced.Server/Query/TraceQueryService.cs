using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Diagnostics;
using Braintrust.Traced.Server.Storage;

namespace Braintrust.Traced.Server.Query;

/// <summary>Builds the query API's trace list, trace tree and span views from the store.</summary>
internal sealed class TraceQueryService(ITraceStore store, SpanLivenessClock liveness)
{
    /// <summary>
    /// A page of the trace list. Each root row carries its trace's roll-ups (span count, errors, tokens, the root's
    /// scores), kept by the writer, so the page reads its roots and no other span. <paramref name="now"/> judges
    /// <c>running</c>: the moment the filter's status was judged at.
    /// </summary>
    public async Task<JsonObject> ListTracesAsync(TraceFilter filter, SpanLiveness now, CancellationToken ct)
    {
        IReadOnlyList<ListedRoot> roots;
        using (ServerTiming.Measure("roots"))
        {
            roots = await store.ListRootsAsync(filter, ct);
        }
        using var building = ServerTiming.Measure("build");
        var recheck = new RecheckAfter(now);
        var traces = new JsonArray();
        foreach (var (root, _, rollup) in roots.Take(filter.Limit))
        {
            recheck.Note(root);
            var item = SpanJson.Header(root, scores: null, now);
            item["scores"] = rollup.ScoresJson is null ? new JsonObject() : JsonNode.Parse(rollup.ScoresJson);
            var data = root.Data ?? [];
            item["input_preview"] = JsonPreview.Of(data["input"]);
            item["output_preview"] = JsonPreview.Of(data["output"]);
            item["tags"] = data["tags"]?.DeepClone() ?? new JsonArray();
            item["has_error"] = rollup.HasError;
            item["span_count"] = rollup.SpanCount;
            item["tokens"] = new JsonObject
            {
                ["prompt"] = rollup.PromptTokens,
                ["completion"] = rollup.CompletionTokens,
                ["total"] = rollup.Tokens,
            };
            traces.Add(item);
        }
        return new JsonObject
        {
            ["traces"] = traces,
            ["next_cursor"] = roots.Count > filter.Limit ? TraceListCursor.Encode(roots[filter.Limit - 1].Position) : null,
            ["recheck_after_ms"] = recheck.Milliseconds,
        };
    }

    /// <summary>One trace as a span tree (children ordered by start time), or null when the trace does not exist.</summary>
    public async Task<JsonObject?> GetTraceAsync(string projectId, string rootSpanId, CancellationToken ct)
    {
        var spans = await store.LoadTracesAsync(projectId, [rootSpanId], withData: true, ct);
        if (spans.Count == 0)
        {
            return null;
        }
        var scores = ScoreRollup.Compute(spans);
        var comments = (await store.LoadCommentsAsync(projectId, spans.Select(s => s.Id).ToList(), ct))
            .ToLookup(c => c.OriginId, StringComparer.Ordinal);
        var traceStart = spans.Where(s => s.Start is not null).Select(s => s.Start).Min();
        var now = liveness.Now();
        var recheck = new RecheckAfter(now);
        foreach (var span in spans)
        {
            recheck.Note(span);
        }
        var nodes = spans.ToDictionary(
            s => s.SpanId!,
            s => (Span: s, Json: SpanJson.Detail(s, scores.GetValueOrDefault(s.SpanId!), comments[s.Id], traceStart, now)),
            StringComparer.Ordinal);
        foreach (var (_, json) in nodes.Values)
        {
            json["children"] = new JsonArray();
        }
        var topLevel = new JsonArray();
        foreach (var (span, json) in nodes.Values.OrderBy(n => n.Span.SortTs).ThenBy(n => n.Span.Seq))
        {
            // A span whose parent is missing (not logged yet, or deleted) is shown at the top level, not lost.
            if (span.ParentSpanId is { } parent && nodes.TryGetValue(parent, out var parentNode) && parent != span.SpanId)
            {
                ((JsonArray)parentNode.Json["children"]!).Add(json);
            }
            else
            {
                topLevel.Add(json);
            }
        }
        var root = spans.FirstOrDefault(s => s.IsRoot);
        return new JsonObject
        {
            ["root_span_id"] = rootSpanId,
            ["project_id"] = projectId,
            ["span_count"] = spans.Count,
            ["start"] = traceStart is { } start ? QueryTime.Iso(start) : null,
            ["duration_ms"] = root is null ? null : SpanJson.DurationMs(root),
            ["spans"] = topLevel,
            ["recheck_after_ms"] = recheck.Milliseconds,
        };
    }

    public async Task<JsonObject?> GetSpanAsync(string projectId, string idOrSpanId, CancellationToken ct)
    {
        var span = await store.FindSpanAsync(projectId, idOrSpanId, ct);
        if (span is null)
        {
            return null;
        }
        var trace = await store.LoadTracesAsync(projectId, [span.RootSpanId!], withData: false, ct);
        var scores = ScoreRollup.Compute(trace);
        var comments = await store.LoadCommentsAsync(projectId, [span.Id], ct);
        var now = liveness.Now();
        var json = SpanJson.Detail(span, scores.GetValueOrDefault(span.SpanId!), comments, trace.Where(s => s.Start is not null).Select(s => s.Start).Min(), now);
        json["row"] = span.Data?.DeepClone();
        var recheck = new RecheckAfter(now);
        recheck.Note(span);
        json["recheck_after_ms"] = recheck.Milliseconds;
        return json;
    }
}

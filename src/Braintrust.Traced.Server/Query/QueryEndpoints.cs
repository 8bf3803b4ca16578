using System.Text.Json;
using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Auth;
using Braintrust.Traced.Server.Diagnostics;
using Braintrust.Traced.Server.Json;
using Braintrust.Traced.Server.Live;
using Braintrust.Traced.Server.Protocol;
using Braintrust.Traced.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Braintrust.Traced.Server.Query;

/// <summary>The JSON query API under /api/v1 (for the web UI and users' scripts); see docs/server.md.</summary>
internal static class QueryEndpoints
{
    private const double DefaultMonitorWindowSeconds = 24 * 3600;

    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1");

        api.MapGet("/projects", async (HttpContext context, IAccountStore store) =>
        {
            var projects = await store.ListProjectsAsync(context.Caller().OrgId, context.RequestAborted);
            return Results.Json(new JsonObject { ["projects"] = new JsonArray(projects.Select(p => (JsonNode)ProjectJson.From(p)).ToArray()) });
        });

        api.MapGet("/projects/{projectId}", async (HttpContext context, ProjectAccess access, string projectId) =>
            Results.Json(ProjectJson.From(await access.RequireAsync(projectId, context.Caller(), context.RequestAborted))));

        api.MapGet("/projects/{projectId}/traces", async (HttpContext context, ProjectAccess access, TraceQueryService queries,
            SpanLivenessClock liveness, string projectId) =>
        {
            await access.RequireAsync(projectId, context.Caller(), context.RequestAborted);
            // One moment for the status filter and the page's "running": a root the filter kept as running is listed running.
            var now = liveness.Now();
            var filter = TraceFilterParser.Parse(projectId, context.Request.Query, now);
            return TimedJson(await queries.ListTracesAsync(filter, now, context.RequestAborted));
        });

        api.MapGet("/projects/{projectId}/traces/{rootSpanId}", async (HttpContext context, ProjectAccess access, TraceQueryService queries, string projectId, string rootSpanId) =>
        {
            await access.RequireAsync(projectId, context.Caller(), context.RequestAborted);
            var trace = await queries.GetTraceAsync(projectId, rootSpanId, context.RequestAborted);
            return trace is null
                ? ProblemResponses.NotFound("rootSpanId", $"rootSpanId: trace '{rootSpanId}' does not exist in this project")
                : TimedJson(trace);
        });

        api.MapGet("/projects/{projectId}/spans/{spanId}", async (HttpContext context, ProjectAccess access, TraceQueryService queries, string projectId, string spanId) =>
        {
            await access.RequireAsync(projectId, context.Caller(), context.RequestAborted);
            var span = await queries.GetSpanAsync(projectId, spanId, context.RequestAborted);
            return span is null
                ? ProblemResponses.NotFound("spanId", $"spanId: span '{spanId}' does not exist in this project")
                : Results.Json(span);
        });

        api.MapGet("/projects/{projectId}/monitor", async (HttpContext context, ProjectAccess access, MonitorService monitor, TimeProvider time,
            string projectId, string? from, string? to, string? bucket) =>
        {
            await access.RequireAsync(projectId, context.Caller(), context.RequestAborted);
            var end = QueryTime.Parse(to, "to") ?? time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0;
            var start = QueryTime.Parse(from, "from") ?? end - DefaultMonitorWindowSeconds;
            if (start >= end)
            {
                return ProblemResponses.InvalidField("from", "from: must be before to");
            }
            var width = BucketSize.Parse(bucket) ?? Math.Max(60, (end - start) / 24);
            if ((end - start) / width > MonitorService.MaxBuckets)
            {
                return ProblemResponses.InvalidField("bucket", $"bucket: too small for the range (at most {MonitorService.MaxBuckets} buckets)");
            }
            return Results.Json(await monitor.GetAsync(projectId, start, end, width, context.RequestAborted));
        });

        api.MapGet("/projects/{projectId}/live", (HttpContext context, ProjectAccess access, LiveStream live, string projectId, string? since)
            => live.StreamAsync(context, access, projectId, since));
    }

    // The options Results.Json uses when none are configured (web defaults), so the bytes are the same.
    private static readonly JsonSerializerOptions ResponseJson = new(JsonSerializerDefaults.Web);

    /// <summary>Serializes before answering, so the time it takes shows in the Server-Timing header.</summary>
    private static IResult TimedJson(JsonObject body)
    {
        using var _ = ServerTiming.Measure("serialize");
        return Results.Bytes(JsonSerializer.SerializeToUtf8Bytes(body, ResponseJson), "application/json; charset=utf-8");
    }
}

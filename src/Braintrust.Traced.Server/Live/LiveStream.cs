using System.Globalization;
using System.Text;
using Braintrust.Traced.Server.Auth;
using Braintrust.Traced.Server.Json;
using Braintrust.Traced.Server.Protocol;
using Braintrust.Traced.Server.Query;
using Braintrust.Traced.Server.Storage;
using Microsoft.AspNetCore.Http;

namespace Braintrust.Traced.Server.Live;

/// <summary>
/// Server-sent events of new and updated spans of one project. Each event's id is the span's transaction id, so a
/// reconnecting EventSource (Last-Event-ID) or <c>?since=</c> resumes without gaps. Without either, the stream
/// starts at "now". A comment line every <see cref="KeepAlive"/> keeps proxies from closing an idle stream.
/// </summary>
internal sealed class LiveStream(ITraceStore store, SpanChangeNotifier notifier, SpanLivenessClock liveness)
{
    public static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);
    private const int BatchLimit = 500;

    public async Task StreamAsync(HttpContext context, ProjectAccess access, string projectId, string? since)
    {
        var ct = context.RequestAborted;
        await access.RequireAsync(projectId, context.Caller(), ct);
        var resumeFrom = context.Request.Headers["Last-Event-ID"].ToString() is { Length: > 0 } lastId ? lastId : since;
        long cursor;
        if (resumeFrom is null)
        {
            cursor = await store.CurrentXactIdAsync(ct);
        }
        else if (!long.TryParse(resumeFrom, NumberStyles.None, CultureInfo.InvariantCulture, out cursor))
        {
            throw new RowValidationException(null, "since", "must be a transaction id (an event id from this stream)");
        }

        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        await context.Response.WriteAsync(": connected\n\n", ct);
        await context.Response.Body.FlushAsync(ct);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                // Take the wake-up signal BEFORE querying, so a commit between the query and the wait is not missed.
                var changed = notifier.NextChangeAsync(KeepAlive, ct);
                var spans = await store.ListChangedSinceAsync(projectId, cursor, BatchLimit, ct);
                if (spans.Count > 0)
                {
                    var text = new StringBuilder();
                    var now = liveness.Now();
                    foreach (var span in spans)
                    {
                        var json = SpanJson.Header(span, ScoreRollup.Compute([span]).GetValueOrDefault(span.SpanId!), now);
                        text.Append("id: ").Append(span.XactId.ToString(CultureInfo.InvariantCulture)).Append('\n')
                            .Append("event: span\n")
                            .Append("data: ").Append(json.ToJsonString()).Append("\n\n");
                        cursor = Math.Max(cursor, span.XactId);
                    }
                    await context.Response.WriteAsync(text.ToString(), ct);
                    await context.Response.Body.FlushAsync(ct);
                    if (spans.Count == BatchLimit)
                    {
                        continue;
                    }
                }
                if (!await changed)
                {
                    await context.Response.WriteAsync(": keep-alive\n\n", ct);
                    await context.Response.Body.FlushAsync(ct);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away: a normal end of a live stream.
        }
    }
}

using Braintrust.Traced.Server.Proxy.Cache;
using Microsoft.AspNetCore.Http;

namespace Braintrust.Traced.Server.Proxy;

/// <summary>
/// Writes a captured or cached answer to the caller. An event stream is replayed event by event (each flushed), so a
/// replay reaches the client in the same SSE events, with the same bytes, as the original stream.
/// </summary>
internal static class ProxyResponseWriter
{
    private static readonly byte[] EventSeparator = "\n\n"u8.ToArray();

    public static async Task WriteAsync(HttpContext context, CachedResponse response, string cached, string? requestId = null,
        string? retryAfter = null)
    {
        context.Response.StatusCode = response.Status;
        context.Response.ContentType = response.ContentType;
        context.Response.Headers[ProxyHeaders.Cached] = cached;
        if (requestId is not null)
        {
            context.Response.Headers["x-request-id"] = requestId;
        }
        if (retryAfter is not null)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }
        if (!response.IsEventStream)
        {
            context.Response.ContentLength = response.Body.Length;
            await context.Response.Body.WriteAsync(response.Body, context.RequestAborted);
            return;
        }
        context.Response.Headers.CacheControl = "no-cache";
        var body = response.Body.AsMemory();
        while (body.Length > 0)
        {
            var end = body.Span.IndexOf(EventSeparator);
            var length = end < 0 ? body.Length : end + EventSeparator.Length;
            await context.Response.Body.WriteAsync(body[..length], context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            body = body[length..];
        }
    }

    public static Task WriteErrorAsync(HttpContext context, ProxyError error)
    {
        if (error.RetryAfter is { } retry)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        context.Response.StatusCode = error.Status;
        return context.Response.WriteAsJsonAsync(error.ToJson(), context.RequestAborted);
    }
}

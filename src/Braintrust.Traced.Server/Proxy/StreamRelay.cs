using Microsoft.AspNetCore.Http;

namespace Braintrust.Traced.Server.Proxy;

/// <summary>
/// Passes a streaming upstream answer to the leading caller chunk by chunk as it arrives. A caller that hung up
/// must not stop the upstream read (other callers may share it and the cache wants the whole stream), so write
/// failures only mark the relay dead.
/// </summary>
internal sealed class StreamRelay(HttpContext context)
{
    private bool _dead;

    public bool Started { get; private set; }

    public async Task StartAsync(int status, string contentType, string? requestId)
    {
        Started = true;
        try
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            context.Response.Headers[ProxyHeaders.Cached] = "MISS";
            context.Response.Headers.CacheControl = "no-cache";
            if (requestId is not null)
            {
                context.Response.Headers["x-request-id"] = requestId;
            }
            await context.Response.StartAsync(context.RequestAborted);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or InvalidOperationException)
        {
            _dead = true;
        }
    }

    public async Task WriteAsync(ReadOnlyMemory<byte> chunk)
    {
        if (_dead)
        {
            return;
        }
        try
        {
            await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            _dead = true;
        }
    }
}

using System.Diagnostics;
using Braintrust.Traced.Server.Auth;
using Microsoft.AspNetCore.Http;

namespace Braintrust.Traced.Server.Diagnostics;

/// <summary>
/// Collects <see cref="ServerTiming"/> stages for every request and writes them as the <c>Server-Timing</c> header
/// when the response starts; <c>total</c> is the time from here to the first byte of the body. Only answers to an
/// authenticated caller carry it: a rejected request learns nothing about how long the key check took.
/// </summary>
internal sealed class ServerTimingMiddleware(RequestDelegate next)
{
    // async on purpose: the ambient timing set here then ends with this request's flow instead of leaking into
    // the connection's next request.
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var timing = ServerTiming.Begin();
        context.Response.OnStarting(() =>
        {
            if (context.Features.Get<CallerIdentity>() is not null)
            {
                context.Response.Headers["Server-Timing"] = timing.Header(Stopwatch.GetTimestamp() - started);
            }
            return Task.CompletedTask;
        });
        await next(context);
    }
}

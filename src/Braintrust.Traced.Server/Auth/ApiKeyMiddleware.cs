using Braintrust.Traced.Server.Diagnostics;
using Braintrust.Traced.Server.Json;
using Microsoft.AspNetCore.Http;

namespace Braintrust.Traced.Server.Auth;

/// <summary>
/// Every path except the health check requires <c>Authorization: Bearer &lt;key&gt;</c>, unless an earlier
/// in-process middleware (the web UI's session cookie) has already established the caller.
/// </summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, ApiKeyAuthenticator authenticator)
{
    public static readonly PathString HealthPath = "/health";

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.Equals(HealthPath, StringComparison.OrdinalIgnoreCase)
            || IsOverflowUpload(context.Request)
            || context.Features.Get<CallerIdentity>() is not null)
        {
            await next(context);
            return;
        }
        var header = context.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) || header.Length == scheme.Length)
        {
            await RejectAsync(context, "Missing API key: send 'Authorization: Bearer <key>'.");
            return;
        }
        CallerIdentity? caller;
        using (ServerTiming.Measure("auth"))
        {
            caller = await authenticator.AuthenticateAsync(header[scheme.Length..].Trim(), context.RequestAborted);
        }
        if (caller is null)
        {
            await RejectAsync(context, "Invalid or revoked API key.");
            return;
        }
        context.Features.Set(caller);
        await next(context);
    }

    /// <summary>Signed-URL uploads carry no key; the slot key in the path authorizes them (see OverflowUploads).</summary>
    private static bool IsOverflowUpload(HttpRequest request)
        => HttpMethods.IsPut(request.Method) && request.Path.StartsWithSegments(OverflowUploadPrefix, StringComparison.Ordinal);

    private static readonly PathString OverflowUploadPrefix = Protocol.Overflow.OverflowEndpoints.UploadPathPrefix.TrimEnd('/');

    private static Task RejectAsync(HttpContext context, string detail)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return ProblemResponses.Unauthorized(detail).ExecuteAsync(context);
    }
}

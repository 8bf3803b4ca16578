using Microsoft.AspNetCore.Http;

namespace Braintrust.Traced.Server.Auth;

/// <summary>The authenticated caller of a request (set by <see cref="ApiKeyMiddleware"/>).</summary>
internal static class HttpContextCallerExtensions
{
    public static CallerIdentity Caller(this HttpContext context)
        => context.Features.Get<CallerIdentity>() ?? throw new InvalidOperationException("request was not authenticated");
}

using Braintrust.Traced.Server.Auth;
using Braintrust.Traced.Server.Json;
using Braintrust.Traced.Server.WebUi.Sessions;
using Microsoft.AspNetCore.Http;

namespace Braintrust.Traced.Server.WebUi;

/// <summary>
/// Lets the UI's session cookie authenticate the query API (reads under /api/v1) and the feedback endpoint, the
/// same way a Bearer key does: it resolves the session's chosen org to a <see cref="CallerIdentity"/> and sets it
/// as the request's caller, which the API-key middleware then accepts. A request with an Authorization header is
/// left to the API-key middleware. The session is read from the database and its keys re-checked on every request
/// (<see cref="UiSessionAuthenticator"/>), so signing out or revoking a key, on any instance or with the CLI, ends the
/// browser's access at once.
/// </summary>
internal sealed class SessionCookieAuthenticationMiddleware(RequestDelegate next, UiSessionAuthenticator sessions)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Headers.Authorization.Count > 0 || !IsCookieEligible(request)
            || await sessions.AuthenticateAsync(UiSessionCookie.Read(request), context.RequestAborted) is not { } session)
        {
            await next(context);
            return;
        }
        var orgs = session.Orgs;
        var chosen = request.Headers[UiRequestHeaders.Org].ToString() is { Length: > 0 } fromHeader ? fromHeader
            : request.Query[UiRequestHeaders.OrgQueryParameter].ToString() is { Length: > 0 } fromQuery ? fromQuery
            : null;
        var caller = chosen is null ? orgs[0] : orgs.FirstOrDefault(o => o.OrgId == chosen);
        if (caller is null)
        {
            await ProblemResponses.Unauthorized($"This browser is not signed into organization '{chosen}'.").ExecuteAsync(context);
            return;
        }
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !request.Headers.ContainsKey(UiRequestHeaders.FromUi))
        {
            await ProblemResponses.Problem(StatusCodes.Status403Forbidden, "forbidden", "Forbidden",
                $"Cookie-authenticated writes must come from the web UI (header {UiRequestHeaders.FromUi} is missing).").ExecuteAsync(context);
            return;
        }
        context.Features.Set(caller);
        await next(context);
    }

    /// <summary>Least privilege: the cookie reaches what the UI uses (query API reads, feedback), nothing else.</summary>
    private static bool IsCookieEligible(HttpRequest request)
    {
        var path = request.Path.Value ?? "";
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        {
            return path.StartsWith("/api/v1/", StringComparison.OrdinalIgnoreCase);
        }
        return HttpMethods.IsPost(request.Method)
            && path.StartsWith("/v1/project_logs/", StringComparison.OrdinalIgnoreCase)
            && path.EndsWith("/feedback", StringComparison.OrdinalIgnoreCase);
    }
}

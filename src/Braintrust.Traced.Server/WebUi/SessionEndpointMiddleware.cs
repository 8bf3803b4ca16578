using System.Text.Json;
using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Auth;
using Braintrust.Traced.Server.Json;
using Braintrust.Traced.Server.WebUi.Sessions;
using Microsoft.AspNetCore.Http;

namespace Braintrust.Traced.Server.WebUi;

/// <summary>
/// <c>/api/ui/session</c>: GET tells the UI which orgs this browser is signed into; POST <c>{"api_key": "..."}</c>
/// checks the key exactly as a Bearer request would and adds its org to the browser's session (creating the
/// session cookie); DELETE signs out (of one org with <c>?org=</c>, else of all). Runs before the API-key
/// middleware because signing in is how a browser without a key header gets one. Failed sign-ins are throttled per
/// client (<see cref="SignInThrottle"/>): past the budget the answer is 429 with Retry-After, before any key check.
/// </summary>
internal sealed class SessionEndpointMiddleware(
    RequestDelegate next,
    UiSessionStore sessions,
    UiSessionAuthenticator sessionAuthenticator,
    ApiKeyAuthenticator authenticator,
    SignInThrottle throttle,
    UiSessionOptions options,
    TimeProvider time)
{
    public static readonly PathString Path = "/api/ui/session";
    private const int MaxBodyBytes = 4096;

    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.Equals(Path, StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }
        context.Response.Headers.CacheControl = "no-store";
        var result = context.Request.Method switch
        {
            "GET" => Describe(await sessionAuthenticator.AuthenticateAsync(UiSessionCookie.Read(context.Request), context.RequestAborted)),
            "POST" => await SignInAsync(context),
            "DELETE" => await SignOutAsync(context),
            _ => ProblemResponses.Problem(StatusCodes.Status405MethodNotAllowed, "method-not-allowed", "Method not allowed",
                "Use GET, POST or DELETE on /api/ui/session."),
        };
        await result.ExecuteAsync(context);
    }

    private async Task<IResult> SignInAsync(HttpContext context)
    {
        if (RejectUnlessFromUi(context) is { } rejected)
        {
            return rejected;
        }
        if (context.Request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return ProblemResponses.Problem(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "Unsupported media type",
                "Send the sign-in as application/json: {\"api_key\": \"...\"}.");
        }
        var apiKey = await ReadApiKeyAsync(context);
        if (apiKey is null)
        {
            return ProblemResponses.InvalidField("api_key", "api_key: a non-empty API key string is required");
        }
        if (throttle.TryReserve(context.Connection.RemoteIpAddress) is { } retryAfter)
        {
            var seconds = (int)Math.Max(1, retryAfter.TotalSeconds);
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return ProblemResponses.Problem(StatusCodes.Status429TooManyRequests, "too-many-sign-ins", "Too many failed sign-ins",
                $"api_key: too many failed sign-ins from this address; try again in {seconds} seconds.",
                new Dictionary<string, object?> { ["field"] = "api_key", ["retry_after_seconds"] = seconds });
        }
        var caller = await authenticator.AuthenticateAsync(apiKey, context.RequestAborted);
        if (caller is null)
        {
            return ProblemResponses.Problem(StatusCodes.Status401Unauthorized, "unauthorized", "Unauthorized",
                "api_key: invalid or revoked API key", new Dictionary<string, object?> { ["field"] = "api_key" });
        }
        throttle.Succeeded(context.Connection.RemoteIpAddress);
        var token = UiSessionCookie.Read(context.Request);
        var session = await sessionAuthenticator.AuthenticateAsync(token, context.RequestAborted);
        if (session is null)
        {
            (token, session) = await sessions.CreateAsync(caller, context.RequestAborted);
        }
        else
        {
            session = await sessions.SignInAsync(session, caller, context.RequestAborted);
        }
        UiSessionCookie.Write(context, token!, options.Remaining(session.Created, time.GetUtcNow()));
        return Describe(session);
    }

    private async Task<IResult> SignOutAsync(HttpContext context)
    {
        if (RejectUnlessFromUi(context) is { } rejected)
        {
            return rejected;
        }
        var session = await sessions.FindAsync(UiSessionCookie.Read(context.Request), context.RequestAborted);
        if (context.Request.Query["org"].ToString() is { Length: > 0 } orgId && session is not null)
        {
            var remaining = await sessions.SignOutAsync(session, orgId, context.RequestAborted);
            if (remaining is not null)
            {
                return Describe(remaining);
            }
            session = null;
        }
        if (session is not null)
        {
            await sessions.DeleteAsync(session, context.RequestAborted);
        }
        UiSessionCookie.Clear(context);
        return Describe(null);
    }

    private static async Task<string?> ReadApiKeyAsync(HttpContext context)
    {
        try
        {
            var body = await JsonNode.ParseAsync(new LimitedReadStream(context.Request.Body, MaxBodyBytes), cancellationToken: context.RequestAborted);
            return body is JsonObject obj && obj["api_key"] is JsonValue value && value.GetValueKind() == JsonValueKind.String
                && value.GetValue<string>().Trim() is { Length: > 0 } key
                ? key
                : null;
        }
        catch (Exception e) when (e is JsonException or InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>Login CSRF defence: only the UI's own scripts can attach the custom header.</summary>
    private static IResult? RejectUnlessFromUi(HttpContext context)
        => context.Request.Headers.ContainsKey(UiRequestHeaders.FromUi)
            ? null
            : ProblemResponses.Problem(StatusCodes.Status403Forbidden, "forbidden", "Forbidden",
                $"Session changes must come from the web UI (header {UiRequestHeaders.FromUi} is missing).");

    private static IResult Describe(UiSession? session) => Results.Json(new JsonObject
    {
        ["orgs"] = new JsonArray((session?.Orgs ?? []).Select(o => (JsonNode)new JsonObject { ["id"] = o.OrgId, ["name"] = o.OrgName }).ToArray()),
    });
}

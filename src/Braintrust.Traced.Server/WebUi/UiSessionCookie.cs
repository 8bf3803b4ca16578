using Microsoft.AspNetCore.Http;

namespace Braintrust.Traced.Server.WebUi;

/// <summary>The session cookie: HttpOnly (scripts, even injected ones, cannot read it), SameSite=Strict (never sent
/// on cross-site requests), Secure whenever the page was served over HTTPS.</summary>
internal static class UiSessionCookie
{
    public const string Name = "bt_traced_session";

    public static string? Read(HttpRequest request) => request.Cookies[Name];

    public static void Write(HttpContext context, string token, TimeSpan lifetime)
        => context.Response.Cookies.Append(Name, token, Options(context, lifetime));

    public static void Clear(HttpContext context)
        => context.Response.Cookies.Delete(Name, Options(context, TimeSpan.Zero));

    private static CookieOptions Options(HttpContext context, TimeSpan lifetime) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        Path = "/",
        IsEssential = true,
        MaxAge = lifetime > TimeSpan.Zero ? lifetime : null,
    };
}

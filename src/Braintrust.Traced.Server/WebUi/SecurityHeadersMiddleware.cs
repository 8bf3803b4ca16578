using Microsoft.AspNetCore.Http;

namespace Braintrust.Traced.Server.WebUi;

/// <summary>
/// Headers on every UI response. The Content-Security-Policy allows only this origin's own scripts and styles and
/// no inline code at all, so even if logged text ever reached the DOM as markup, it could not run. The page cannot
/// be framed (clickjacking), talks only to this origin, and leaks no URLs (trace ids) through Referer.
/// </summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
        + "manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        if (UiRoutes.IsUi(context.Request.Path))
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
        }
        return next(context);
    }
}

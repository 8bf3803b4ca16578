using Microsoft.AspNetCore.Http;

namespace Braintrust.Traced.Server.WebUi;

/// <summary>
/// Serves index.html for every page URL of the app (deep links, reloads, back/forward), so the client-side router
/// can render it. index.html is never cached (it names the current hashed assets); the assets themselves are.
/// </summary>
internal sealed class SpaFallbackMiddleware(RequestDelegate next, UiBundle bundle)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments(UiRoutes.Assets, StringComparison.OrdinalIgnoreCase))
        {
            // The static-file middleware already served every asset that exists; anything else under /app is missing.
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) || !UiRoutes.IsPage(request.Path))
        {
            await next(context);
            return;
        }
        context.Response.Headers.CacheControl = "no-cache";
        if (bundle.IndexPath is not { } index)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(
                "The web UI has not been built. Build the server (dotnet build src/Braintrust.Traced.Server) with Node.js installed, "
                + $"or set {UiBundle.SettingName} to a folder holding the built UI.\n");
            return;
        }
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.SendFileAsync(index, context.RequestAborted);
    }
}

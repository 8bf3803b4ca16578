using Microsoft.AspNetCore.Http;

namespace Braintrust.Traced.Server.WebUi;

/// <summary>The URL space the web UI owns. Everything else (the APIs) is left alone, so an unknown API path still
/// gets its JSON 404 instead of the UI's HTML.</summary>
internal static class UiRoutes
{
    /// <summary>Where the built bundle is served from (Vite's <c>base</c>).</summary>
    public static readonly PathString Assets = "/app";

    /// <summary>True for paths the single-page app renders itself: deep links to orgs, projects, traces and spans.</summary>
    public static bool IsPage(PathString path)
    {
        var value = path.Value ?? "/";
        return value == "/"
            || value.Equals("/sign-in", StringComparison.OrdinalIgnoreCase)
            || value.Equals("/orgs", StringComparison.OrdinalIgnoreCase)
            || value.StartsWith("/orgs/", StringComparison.OrdinalIgnoreCase);
    }

    public static bool IsUi(PathString path)
        => IsPage(path) || path.StartsWithSegments(Assets, StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments(SessionEndpointMiddleware.Path, StringComparison.OrdinalIgnoreCase);
}

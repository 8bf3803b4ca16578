using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace Braintrust.Traced.Server.WebUi;

/// <summary>
/// The web UI's two hooks into the server: <see cref="AddWebUi"/> registers its services; <see cref="UseWebUi"/>
/// adds its middleware, and must run before the API-key middleware (sign-in happens without a key header, and the
/// session cookie must set the caller before the key check looks for one).
/// </summary>
public static class WebUiExtensions
{
    public static IServiceCollection AddWebUi(this IServiceCollection services)
    {
        services.AddSingleton(UiSessionOptions.Default);
        services.AddSingleton<UiSessionStore>();
        services.AddSingleton(provider => UiBundle.Locate(provider.GetRequiredService<IConfiguration>(), provider.GetRequiredService<IHostEnvironment>()));
        return services;
    }

    public static WebApplication UseWebUi(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeadersMiddleware>();
        var bundle = app.Services.GetRequiredService<UiBundle>();
        if (bundle.Directory is { } directory)
        {
            app.UseStaticFiles(new StaticFileOptions
            {
                RequestPath = UiRoutes.Assets,
                FileProvider = new PhysicalFileProvider(directory),
                ContentTypeProvider = new FileExtensionContentTypeProvider(),
                OnPrepareResponse = file =>
                {
                    // Vite names assets by content hash: they never change, so browsers may keep them for good.
                    file.Context.Response.Headers.CacheControl = file.Context.Request.Path.StartsWithSegments("/app/assets")
                        ? "public, max-age=31536000, immutable"
                        : "no-cache";
                },
            });
        }
        app.UseMiddleware<SpaFallbackMiddleware>();
        app.UseMiddleware<SessionEndpointMiddleware>();
        app.UseMiddleware<SessionCookieAuthenticationMiddleware>();
        return app;
    }
}

using Braintrust.Traced.Server.Hosting;
using Braintrust.Traced.Server.WebUi.Sessions;
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
        services.AddSingleton(provider => UiSessionOptions.From(provider.GetRequiredService<IConfiguration>()));
        services.AddSingleton(SignInThrottleOptions.Default);
        services.AddSingleton<SignInThrottle>();
        // Sessions live in the server's own database (whichever it uses), in tables of the UI's own migration set.
        services.AddSingleton<UiSessionDatabase>(provider => provider.GetRequiredService<ServerOptions>().PostgresConnectionString is { } postgres
            ? new PostgresUiSessionDatabase(postgres)
            : new SqliteUiSessionDatabase(provider.GetRequiredService<ServerOptions>().SqlitePath));
        services.AddSingleton<UiSessionStore>();
        services.AddSingleton<UiSessionAuthenticator>();
        services.AddSingleton(provider => UiBundle.Locate(provider.GetRequiredService<IConfiguration>(), provider.GetRequiredService<IHostEnvironment>()));
        return services;
    }

    public static WebApplication UseWebUi(this WebApplication app)
    {
        // Runs once at start-up, before the server listens (no request can race it), after the span store migrated.
        var sessionDatabase = app.Services.GetRequiredService<UiSessionDatabase>();
        sessionDatabase.MigrateAsync(app.Lifetime.ApplicationStopping).GetAwaiter().GetResult();
        app.Services.GetRequiredService<UiSessionStore>().PurgeExpiredAsync(app.Lifetime.ApplicationStopping).GetAwaiter().GetResult();
        app.Lifetime.ApplicationStopped.Register(() => sessionDatabase.DisposeAsync().AsTask().GetAwaiter().GetResult());
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

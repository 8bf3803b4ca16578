using Braintrust.Traced.Server.Hosting;
using Braintrust.Traced.Server.Proxy.Cache;
using Braintrust.Traced.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Braintrust.Traced.Server.Proxy;

/// <summary>Adds the AI proxy (<c>/v1/proxy/...</c>) to a built server app. See docs/proxy.md.</summary>
public static class AiProxyExtensions
{
    public const string RoutePrefix = "/v1/proxy";

    /// <summary>
    /// Reads the <c>Proxy</c> configuration, prepares the cache (its table or its Redis connection), and maps the
    /// endpoints. Call after the server is built and before it starts; the server's API-key middleware has already
    /// authenticated every request that reaches these endpoints.
    /// </summary>
    public static async Task<IEndpointRouteBuilder> MapAiProxyAsync(this WebApplication app, CancellationToken ct = default)
    {
        var options = ProxyOptions.From(app.Configuration);
        var services = app.Services;
        var time = services.GetRequiredService<TimeProvider>();
        var cache = CreateCache(options, services.GetRequiredService<ServerOptions>(), time);
        await cache.InitializeAsync(ct);
        var forwarder = new UpstreamForwarder(options.UpstreamTimeout);
        var rateLimiter = new KeyRateLimiter(options.RequestsPerMinutePerKey);
        var handler = new ProxyRequestHandler(
            options,
            cache,
            forwarder,
            rateLimiter,
            new ProxyLogTargetResolver(services.GetRequiredService<IAccountStore>()),
            ActivatorUtilities.CreateInstance<ProxySpanLogger>(services),
            time,
            services.GetRequiredService<ILogger<ProxyRequestHandler>>());

        var group = app.MapGroup(RoutePrefix);
        group.MapPost("/chat/completions", context => handler.HandlePostAsync(context, ProxyRoute.ChatCompletions));
        group.MapPost("/completions", context => handler.HandlePostAsync(context, ProxyRoute.Completions));
        group.MapPost("/embeddings", context => handler.HandlePostAsync(context, ProxyRoute.Embeddings));
        group.MapGet("/models", handler.HandleModelsAsync);

        app.Lifetime.ApplicationStopped.Register(() =>
        {
            forwarder.Dispose();
            rateLimiter.Dispose();
            cache.DisposeAsync().AsTask().GetAwaiter().GetResult();
        });
        app.Logger.LogInformation("AI proxy at {Prefix}: providers {Providers}, cache {Cache}", RoutePrefix,
            string.Join(", ", options.Providers.Keys), cache.Description);
        return app;
    }

    private static IProxyCache CreateCache(ProxyOptions options, ServerOptions server, TimeProvider time)
    {
        IProxyCache shared = options.RedisEndpoint is { } redis
            ? new RedisProxyCache(redis, options.RedisPassword, time)
            : server.PostgresConnectionString is { } postgres
                ? new PostgresProxyCache(postgres, time)
                : new SqliteProxyCache(server.SqlitePath, time);
        return options.CacheMemoryBytes > 0 ? new MemoryFrontedProxyCache(shared, options.CacheMemoryBytes, time) : shared;
    }
}

using Braintrust.Traced.Server.Auth;
using Braintrust.Traced.Server.Diagnostics;
using Braintrust.Traced.Server.Json;
using Braintrust.Traced.Server.Live;
using Braintrust.Traced.Server.Protocol;
using Braintrust.Traced.Server.Protocol.Overflow;
using Braintrust.Traced.Server.Query;
using Braintrust.Traced.Server.Storage;
using Braintrust.Traced.Server.WebUi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Braintrust.Traced.Server.Hosting;

/// <summary>
/// Builds the server: configuration, storage (migrated and bootstrapped before it listens), middleware, endpoints.
/// Tests build it in-process with <c>--urls=http://127.0.0.1:0</c>; Program adds the AI proxy and runs it.
/// </summary>
public static class ServerApp
{
    /// <param name="time">
    /// The clock for expiries (proxy cache entries, UI sessions, sign-in throttling); the system clock when null. Tests
    /// pass one they can move forward, so they check an expiry without racing it on a slow machine.
    /// </param>
    public static async Task<WebApplication> CreateAsync(string[] args, TextWriter? console = null, CancellationToken ct = default, TimeProvider? time = null)
    {
        console ??= Console.Out;
        // The server reads its settings once at start, so watching appsettings for changes buys nothing, and the
        // watcher covers the whole content root: with the data dir inside it (the default ./data) every WAL write
        // woke it. A later --hostBuilder:reloadConfigOnChange=true on the command line still wins.
        var builder = WebApplication.CreateBuilder(["--hostBuilder:reloadConfigOnChange=false", .. args]);
        var options = ServerOptions.From(builder.Configuration);
        var store = StoreFactory.Create(options);

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = options.MaxBodyBytes);
        // Graceful shutdown: in-flight batches get time to commit before the process exits.
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(time ?? TimeProvider.System);
        builder.Services.AddSingleton(new ServerLimits(options.MaxBodyBytes));
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton<IAccountStore>(store);
        builder.Services.AddSingleton<ILogStore>(store);
        builder.Services.AddSingleton<ITraceStore>(store);
        builder.Services.AddSingleton<ApiKeyAuthenticator>();
        builder.Services.AddSingleton<SpanChangeNotifier>();
        if (options.PostgresConnectionString is { } postgres)
        {
            // Servers sharing one database wake each other's live streams.
            builder.Services.AddHostedService(services => new PostgresChangeListener(
                postgres, services.GetRequiredService<SpanChangeNotifier>(), services.GetRequiredService<ILogger<PostgresChangeListener>>()));
        }
        builder.Services.AddSingleton<ProjectAccess>();
        builder.Services.AddSingleton<IngestService>();
        builder.Services.AddSingleton(services => new SpanLivenessClock(options.RunningTimeout, services.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<TraceQueryService>();
        builder.Services.AddSingleton<MonitorService>();
        builder.Services.AddSingleton<LiveStream>();
        // Servers sharing a PostgreSQL database stage overflow uploads in it, so any of them can take each step.
        builder.Services.AddSingleton<IOverflowStaging>(store as IOverflowStaging ?? new FileOverflowStaging(options));
        builder.Services.AddSingleton<OverflowUploads>();
        builder.Services.AddWebUi();

        var app = builder.Build();
        try
        {
            await store.MigrateAsync(ct);
            await new Bootstrapper(store, options, console).RunAsync(ct);
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }

        // Unexpected failures and unknown routes answer problem+json too (AddProblemDetails), never an empty body.
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<ProblemExceptionMiddleware>();
        app.UseMiddleware<ServerTimingMiddleware>();
        // The web UI (issue 7): its sign-in and session cookie run before the key check and may set the caller.
        app.UseWebUi();
        app.MapGet("/health", async (IStore s, ILogger<IStore> logger, CancellationToken requestAborted) =>
        {
            try
            {
                await s.AnyOrgAsync(requestAborted);
                return Results.Json(new { status = "ok" });
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Unauthenticated endpoint: the details (hosts, paths) go to the log, not to the caller.
                logger.LogError(e, "Health check: storage unavailable");
                return ProblemResponses.Problem(StatusCodes.Status503ServiceUnavailable, "storage-unavailable", "Storage unavailable",
                    "The database does not answer; see the server log.");
            }
        });
        app.UseMiddleware<ApiKeyMiddleware>();
        BraintrustEndpoints.Map(app);
        OverflowEndpoints.Map(app);
        RestEndpoints.Map(app);
        QueryEndpoints.Map(app);

        app.Lifetime.ApplicationStarted.Register(() => PrintBanner(app, store, options, console));
        app.Lifetime.ApplicationStopped.Register(() => store.DisposeAsync().AsTask().GetAwaiter().GetResult());
        return app;
    }

    /// <summary>The addresses Kestrel actually bound (after start; resolves port 0).</summary>
    public static IReadOnlyList<string> Addresses(WebApplication app)
        => app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];

    private static void PrintBanner(WebApplication app, IStore store, ServerOptions options, TextWriter console)
    {
        var url = Addresses(app).FirstOrDefault() ?? "(unknown)";
        app.Logger.LogInformation("Listening on {Urls}; storage {Storage}", string.Join(", ", Addresses(app)), store.Description);
        console.WriteLine($"""
            Braintrust.Traced server listening on {url}
              storage: {store.Description}
              point SDKs at it: BRAINTRUST_APP_URL={url} BRAINTRUST_API_KEY=<key>
              API keys: first start prints one (copy in {options.InitialKeyPath});
                        more: dotnet run --project src/Braintrust.Traced.Server -- keys create --org <org>
            """);
        console.Flush();
    }
}

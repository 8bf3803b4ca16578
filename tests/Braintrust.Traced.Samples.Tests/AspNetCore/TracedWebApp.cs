using System.Text.Json.Nodes;
using Braintrust.Traced.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Braintrust.Traced.Samples.Tests.AspNetCore;

/// <summary>An in-process web app on Kestrel (127.0.0.1, a free port) using the package, recording to an in-memory exporter.</summary>
internal sealed class TracedWebApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TracedWebApp(WebApplication app, InMemorySpanExporter exporter, HttpClient client)
    {
        _app = app;
        Exporter = exporter;
        Client = client;
    }

    public InMemorySpanExporter Exporter { get; }

    public HttpClient Client { get; }

    public BraintrustLogger Logger => _app.Services.GetRequiredService<BraintrustLogger>();

    public static async Task<TracedWebApp> StartAsync(Action<WebApplication> mapEndpoints, TimeSpan? flushInterval = null)
    {
        var exporter = new InMemorySpanExporter();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddBraintrustTraced("aspnetcore-tests", options =>
        {
            options.Exporter = exporter;
            options.FlushInterval = flushInterval ?? TimeSpan.FromMilliseconds(20);
        });
        var app = builder.Build();
        app.UseBraintrustRequestSpans();
        mapEndpoints(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new TracedWebApp(app, exporter, new HttpClient { BaseAddress = new Uri(address) });
    }

    /// <summary>The spans delivered so far, merged as the server stores them, after flushing what is queued.</summary>
    public async Task<IReadOnlyList<JsonObject>> SpansAsync()
    {
        await Logger.FlushAsync();
        return Exporter.MergedSpans();
    }

    public async Task StopAsync() => await _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
    }
}

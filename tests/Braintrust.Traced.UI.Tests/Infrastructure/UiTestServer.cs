using System.Net.Http.Headers;
using Braintrust.Traced.Server.Auth;
using Braintrust.Traced.Server.Hosting;
using Braintrust.Traced.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Braintrust.Traced.UI.Tests.Infrastructure;

/// <summary>
/// The real server, in-process on 127.0.0.1:0 with a temp SQLite data dir, bootstrapped with a known admin key of
/// org "acme", serving the UI bundle the build produced.
/// </summary>
internal sealed class UiTestServer : IAsyncDisposable
{
    public const string AdminKey = "ui-test-admin-key-0123456789abcdef";
    public const string OrgName = "acme";

    private readonly TempDirectory? _ownedDirectory;
    private readonly WebApplication _app;

    private UiTestServer(TempDirectory? ownedDirectory, WebApplication app)
    {
        _ownedDirectory = ownedDirectory;
        _app = app;
        BaseUrl = ServerApp.Addresses(app).First().TrimEnd('/');
        Api = CreateClient(AdminKey);
    }

    public string BaseUrl { get; }

    /// <summary>An HTTP client with the admin key (for logging spans the way an SDK does).</summary>
    public HttpClient Api { get; }

    public IStore Store => _app.Services.GetRequiredService<IStore>();

    /// <summary>
    /// Starts a server. With <paramref name="dataDirectory"/> the caller owns the folder, so a second server can
    /// start on the same data (a restart); <paramref name="extraArguments"/> select e.g. a PostgreSQL database.
    /// </summary>
    public static Task<UiTestServer> StartAsync(TempDirectory? dataDirectory = null, params string[] extraArguments)
        => StartAsync(dataDirectory, time: null, extraArguments);

    /// <summary>Starts a server on a fresh data dir whose expiries (UI sessions, sign-in throttling) follow <paramref name="time"/>.</summary>
    public static Task<UiTestServer> StartWithClockAsync(TimeProvider time, params string[] extraArguments)
        => StartAsync(dataDirectory: null, time, extraArguments);

    private static async Task<UiTestServer> StartAsync(TempDirectory? dataDirectory, TimeProvider? time, string[] extraArguments)
    {
        var owned = dataDirectory is null ? new TempDirectory() : null;
        var directory = dataDirectory ?? owned!;
        string[] args =
        [
            "--urls=http://127.0.0.1:0",
            $"--BRAINTRUST_TRACED_DATA_DIR={directory.Path}",
            $"--BRAINTRUST_TRACED_INIT_ORG={OrgName}",
            $"--BRAINTRUST_TRACED_INIT_API_KEY={AdminKey}",
            $"--BRAINTRUST_TRACED_UI_DIR={RepositoryPaths.UiBundle}",
            "--Logging:LogLevel:Default=Warning",
            .. extraArguments,
        ];
        var app = await ServerApp.CreateAsync(args, new StringWriter(), time: time);
        await app.StartAsync();
        return new UiTestServer(owned, app);
    }

    public HttpClient CreateClient(string? apiKey, HttpMessageHandler? handler = null)
    {
        var client = handler is null ? new HttpClient() : new HttpClient(handler);
        client.BaseAddress = new Uri(BaseUrl);
        client.Timeout = TimeSpan.FromSeconds(60);
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }
        return client;
    }

    /// <summary>A second org with its own key: what it logs must never show up for the first.</summary>
    public async Task<(Org Org, string Key)> CreateOrgAsync(string name)
    {
        var org = await Store.CreateOrgAsync(name, CancellationToken.None);
        var (key, _) = await new ApiKeyService(Store).CreateAsync(org.Id, "ui-test", CancellationToken.None);
        return (org, key);
    }

    public async Task<string> OrgIdAsync() => (await Store.FindOrgByNameAsync(OrgName, CancellationToken.None))!.Id;

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _ownedDirectory?.Dispose();
    }
}

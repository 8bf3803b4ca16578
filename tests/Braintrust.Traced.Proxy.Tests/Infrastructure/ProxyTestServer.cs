using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Auth;
using Braintrust.Traced.Server.Hosting;
using Braintrust.Traced.Server.Proxy;
using Braintrust.Traced.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Braintrust.Traced.Proxy.Tests.Infrastructure;

/// <summary>
/// The real server (Kestrel on 127.0.0.1:0, temp SQLite data dir, org "org-a" with a known key) with the proxy added
/// exactly as Program does: <c>ServerApp.CreateAsync</c> then <c>MapAiProxyAsync</c>, pointed at a <see cref="FakeUpstream"/>.
/// </summary>
internal sealed class ProxyTestServer : IAsyncDisposable
{
    public const string AdminKey = "proxy-test-admin-key-0123456789";
    public const string UpstreamKey = "sk-upstream-secret-key-DO-NOT-LEAK-42";

    private readonly TempDirectory _directory;
    private readonly WebApplication _app;
    private readonly List<HttpClient> _clients = [];

    private ProxyTestServer(TempDirectory directory, WebApplication app, ShiftedClock clock)
    {
        _directory = directory;
        _app = app;
        Clock = clock;
        BaseUrl = ServerApp.Addresses(app).First();
        Client = CreateClient(AdminKey);
    }

    public string BaseUrl { get; }

    /// <summary>The server's clock (cache expiry): tests move it forward rather than wait.</summary>
    public ShiftedClock Clock { get; }

    public Uri ProxyEndpoint => new(BaseUrl + "/v1/proxy");

    public HttpClient Client { get; }

    public IStore Store => _app.Services.GetRequiredService<IStore>();

    /// <param name="upstreamBaseUrl">The provider base URL (a fake upstream, or a closed port).</param>
    /// <param name="settings">Extra configuration, e.g. <c>Proxy:Cache:Redis=127.0.0.1:6390</c>.</param>
    public static async Task<ProxyTestServer> StartAsync(string upstreamBaseUrl, params string[] settings)
    {
        var directory = new TempDirectory();
        string[] args =
        [
            "--urls=http://127.0.0.1:0",
            $"--BRAINTRUST_TRACED_DATA_DIR={directory.Path}",
            "--BRAINTRUST_TRACED_INIT_ORG=org-a",
            $"--BRAINTRUST_TRACED_INIT_API_KEY={AdminKey}",
            "--Logging:LogLevel:Default=Warning",
            $"--Proxy:Providers:openai:BaseUrl={upstreamBaseUrl}",
            $"--Proxy:Providers:openai:ApiKey={UpstreamKey}",
            .. settings.Select(s => "--" + s),
        ];
        var clock = new ShiftedClock();
        var app = await ServerApp.CreateAsync(args, new StringWriter(), time: clock);
        try
        {
            await app.MapAiProxyAsync();
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            directory.Dispose();
            throw;
        }
        return new ProxyTestServer(directory, app, clock);
    }

    public HttpClient CreateClient(string apiKey)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        _clients.Add(client);
        return client;
    }

    /// <summary>Another org with its own key.</summary>
    public async Task<(HttpClient Client, string Key)> CreateOrgAsync(string name)
    {
        var org = await Store.CreateOrgAsync(name, CancellationToken.None);
        var (key, _) = await new ApiKeyService(Store).CreateAsync(org.Id, "test", CancellationToken.None);
        return (CreateClient(key), key);
    }

    /// <summary>POSTs a JSON body to a proxy route with optional extra headers.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string route, JsonObject body, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/proxy/" + route)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return await client.SendAsync(request);
    }

    public Task<HttpResponseMessage> PostAsync(string route, JsonObject body, params (string Name, string Value)[] headers)
        => PostAsync(Client, route, body, headers);

    public async Task<JsonObject> GetJsonAsync(string path)
    {
        var response = await Client.GetAsync(path);
        Assert.That(response.IsSuccessStatusCode, Is.True, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}

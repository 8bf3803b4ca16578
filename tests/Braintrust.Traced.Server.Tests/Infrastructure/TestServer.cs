using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Auth;
using Braintrust.Traced.Server.Hosting;
using Braintrust.Traced.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Braintrust.Traced.Server.Tests.Infrastructure;

/// <summary>
/// The real server (Kestrel on 127.0.0.1, port 0) built in-process on a temp data dir, bootstrapped with a known
/// admin key for org "org-a". <see cref="CreateOrgAsync"/> adds further orgs with their own keys.
/// </summary>
internal sealed class TestServer : IAsyncDisposable
{
    public const string AdminKey = "test-admin-key-0123456789abcdef";

    private readonly TempDirectory _directory;
    private readonly WebApplication _app;
    private readonly List<HttpClient> _clients = [];

    private TestServer(TempDirectory directory, WebApplication app, StringWriter console)
    {
        _directory = directory;
        _app = app;
        Console = console;
        BaseUrl = ServerApp.Addresses(app).First();
        Client = CreateClient(AdminKey);
    }

    public string BaseUrl { get; }

    public HttpClient Client { get; }

    public StringWriter Console { get; }

    public string DataDir => _directory.Path;

    public IStore Store => _app.Services.GetRequiredService<IStore>();

    public T Service<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    public static async Task<TestServer> StartAsync(StoreBackend backend = StoreBackend.Sqlite, params string[] extraArgs)
    {
        var directory = new TempDirectory();
        var console = new StringWriter();
        string[] args =
        [
            "--urls=http://127.0.0.1:0",
            $"--BRAINTRUST_TRACED_DATA_DIR={directory.Path}",
            "--BRAINTRUST_TRACED_INIT_ORG=org-a",
            $"--BRAINTRUST_TRACED_INIT_API_KEY={AdminKey}",
            "--Logging:LogLevel:Default=Warning",
            .. TestStores.ServerArguments(backend),
            .. extraArgs,
        ];
        var app = await ServerApp.CreateAsync(args, console);
        await app.StartAsync();
        return new TestServer(directory, app, console);
    }

    /// <summary>A server on an existing PostgreSQL database, e.g. a second server beside one started earlier.</summary>
    public static Task<TestServer> StartOnPostgresAsync(string connectionString)
        => StartAsync(StoreBackend.Sqlite, $"--BRAINTRUST_TRACED_POSTGRES={connectionString}");

    public HttpClient CreateClient(string? apiKey)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }
        _clients.Add(client);
        return client;
    }

    /// <summary>A second (third, ...) org with a fresh key, and a client using that key.</summary>
    public async Task<(Org Org, HttpClient Client, string Key)> CreateOrgAsync(string name)
    {
        var org = await Store.CreateOrgAsync(name, CancellationToken.None);
        var (key, _) = await new ApiKeyService(Store).CreateAsync(org.Id, "test", CancellationToken.None);
        return (org, CreateClient(key), key);
    }

    public Task<string> RegisterProjectAsync(string name) => RegisterProjectAsync(Client, name);

    public static async Task<string> RegisterProjectAsync(HttpClient client, string name)
    {
        var response = await client.PostAsJsonAsync("/api/project/register", new { project_name = name });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        return body!["project"]!["id"]!.GetValue<string>();
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static StringContent Json(JsonNode json) => Json(json.ToJsonString());

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
        await _app.StopAsync();
        await _app.DisposeAsync();
        _directory.Dispose();
    }
}

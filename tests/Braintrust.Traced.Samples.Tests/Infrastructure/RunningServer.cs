namespace Braintrust.Traced.Samples.Tests.Infrastructure;

/// <summary>The real server (<c>dotnet Braintrust.Traced.Server.dll</c>) on 127.0.0.1, a temp data dir and a bootstrap key.</summary>
internal sealed class RunningServer : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly TempDirectory _data;

    private RunningServer(ChildProcess process, TempDirectory data, string url, string apiKey)
    {
        _process = process;
        _data = data;
        Url = url;
        ApiKey = apiKey;
    }

    public string Url { get; }

    public string ApiKey { get; }

    public string Output => _process.Output;

    public static async Task<RunningServer> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var data = new TempDirectory();
        var apiKey = "samples-test-key-" + Guid.NewGuid().ToString("N");
        var environment = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["BRAINTRUST_TRACED_DATA_DIR"] = data.Path,
            ["BRAINTRUST_TRACED_INIT_ORG"] = "samples",
            ["BRAINTRUST_TRACED_INIT_API_KEY"] = apiKey,
            ["Logging__LogLevel__Default"] = "Warning",
        };
        var process = ChildProcess.StartDotnet(BuiltPrograms.Server, ["--urls", "http://127.0.0.1:0"], environment, workingDirectory: data.Path);
        var match = await process.WaitForLineAsync(Patterns.ServerListening(), TimeSpan.FromSeconds(60));
        return new RunningServer(process, data, match.Groups[1].Value, apiKey);
    }

    public QueryApi Query() => new(Url, ApiKey);

    /// <summary>The environment a sample needs to log into this server (what the README tells a user to export).</summary>
    public Dictionary<string, string?> SampleEnvironment() => new()
    {
        ["BRAINTRUST_APP_URL"] = Url,
        ["BRAINTRUST_API_KEY"] = ApiKey,
    };

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _data.Dispose();
    }
}

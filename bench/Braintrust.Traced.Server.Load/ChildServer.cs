using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Braintrust.Traced.Server.Load;

/// <summary>
/// The real server as a child process (<c>dotnet Braintrust.Traced.Server.dll</c>) on 127.0.0.1 with a free port, so
/// its memory and CPU are measured alone (and, for the UI load program, the browser does not share its time slices).
/// Stopped on dispose; a temp data dir is deleted then, a data dir the caller chose (or asked to keep) stays.
/// Shared by the server and UI load programs (linked into the latter).
/// </summary>
internal sealed partial class ChildServer : IAsyncDisposable
{
    public const string ApiKey = "bench-admin-key-0123456789abcdef";

    private readonly Process _process;
    private readonly bool _keepData;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<string> _url = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildServer(string dataDir, bool keepData, string? postgres, IReadOnlyDictionary<string, string>? environment)
    {
        DataDir = dataDir;
        _keepData = keepData;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = dataDir,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Braintrust.Traced.Server.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        start.Environment["BRAINTRUST_TRACED_DATA_DIR"] = dataDir;
        start.Environment["BRAINTRUST_TRACED_INIT_ORG"] = "bench";
        start.Environment["BRAINTRUST_TRACED_INIT_API_KEY"] = ApiKey;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        if (postgres is not null)
        {
            start.Environment["BRAINTRUST_TRACED_POSTGRES"] = postgres;
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.Exited += (_, _) => _url.TrySetException(new InvalidOperationException($"server exited early:\n{Output}"));
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int ProcessId => _process.Id;

    public string DataDir { get; }

    public string Url => _url.Task.Result;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <param name="postgres">An Npgsql connection string, or <see langword="null"/> for SQLite in the data dir.</param>
    /// <param name="dataDir">A data dir to use and keep (a filled store can be measured again), or a temp one.</param>
    /// <param name="keepData">Leave a temp data dir in place after the run (its path is printed), so the exact store the
    /// queries ran against can be profiled offline with EXPLAIN QUERY PLAN; a rebuild costs minutes.</param>
    /// <param name="environment">More settings for the server (e.g. where the UI bundle is).</param>
    public static async Task<ChildServer> StartAsync(
        string? postgres = null, string? dataDir = null, bool keepData = false, IReadOnlyDictionary<string, string>? environment = null)
    {
        var server = dataDir is null
            ? new ChildServer(Directory.CreateTempSubdirectory("bt-server-load-").FullName, keepData, postgres, environment)
            : new ChildServer(Directory.CreateDirectory(dataDir).FullName, keepData: true, postgres, environment);
        // Generous: reopening a store of a million spans runs its start-up checks first.
        if (await Task.WhenAny(server._url.Task, Task.Delay(TimeSpan.FromSeconds(120))) != server._url.Task)
        {
            await server.DisposeAsync();
            throw new TimeoutException($"server did not report its URL within 120 s:\n{server.Output}");
        }
        await server._url.Task;
        return server;
    }

    public HttpClient CreateClient()
    {
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 64 };
        var client = new HttpClient(handler) { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromMinutes(5) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        return client;
    }

    /// <summary>Registers (get-or-create) a project by name, as the SDK does, and returns its id and org id.</summary>
    public static async Task<(string ProjectId, string OrgId)> RegisterProjectAsync(HttpClient client, string name)
    {
        using var response = await client.PostAsJsonAsync("/api/project/register", new { project_name = name });
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"project register failed ({(int)response.StatusCode}): {text}");
        }
        var project = JsonNode.Parse(text)!["project"]!;
        return (project["id"]!.GetValue<string>(), project["org_id"]!.GetValue<string>());
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        if (_keepData)
        {
            Console.WriteLine($"store kept (delete it when done): {DataDir}");
            return;
        }
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; the measurement already finished.
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
        var match = ListeningLine().Match(line);
        if (match.Success)
        {
            _url.TrySetResult(match.Groups[1].Value);
        }
    }

    [GeneratedRegex(@"server listening on (http://\S+)")]
    private static partial Regex ListeningLine();
}

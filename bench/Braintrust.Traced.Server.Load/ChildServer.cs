using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Braintrust.Traced.Server.Load;

/// <summary>
/// The real server as a child process (<c>dotnet Braintrust.Traced.Server.dll</c>) on 127.0.0.1 with a free port and
/// a temp data dir, so its memory is measured alone; stopped (and the data dir deleted) on dispose.
/// </summary>
internal sealed partial class ChildServer : IAsyncDisposable
{
    public const string ApiKey = "bench-admin-key-0123456789abcdef";

    private readonly Process _process;
    private readonly string _dataDir;
    private readonly bool _keepData;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<string> _url = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildServer(string? postgres, bool keepData)
    {
        _keepData = keepData;
        _dataDir = Directory.CreateTempSubdirectory("bt-server-load-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _dataDir,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Braintrust.Traced.Server.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        start.Environment["BRAINTRUST_TRACED_DATA_DIR"] = _dataDir;
        start.Environment["BRAINTRUST_TRACED_INIT_ORG"] = "bench";
        start.Environment["BRAINTRUST_TRACED_INIT_API_KEY"] = ApiKey;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        if (postgres is not null)
        {
            start.Environment["BRAINTRUST_TRACED_POSTGRES"] = postgres;
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

    /// <param name="keepData">Leave the data dir in place after the run (its path is printed), so the exact store the
    /// queries ran against can be profiled offline with EXPLAIN QUERY PLAN; a rebuild costs minutes.</param>
    public static async Task<ChildServer> StartAsync(string? postgres, bool keepData = false)
    {
        var server = new ChildServer(postgres, keepData);
        if (await Task.WhenAny(server._url.Task, Task.Delay(TimeSpan.FromSeconds(60))) != server._url.Task)
        {
            await server.DisposeAsync();
            throw new TimeoutException($"server did not report its URL within 60 s:\n{server.Output}");
        }
        await server._url.Task;
        return server;
    }

    public HttpClient CreateClient()
    {
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 64 };
        var client = new HttpClient(handler) { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        return client;
    }

    /// <summary>Registers (get-or-create) a project by name, as the SDK does, and returns its id.</summary>
    public static async Task<string> RegisterProjectAsync(HttpClient client, string name)
    {
        using var response = await client.PostAsJsonAsync("/api/project/register", new { project_name = name });
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"project register failed ({(int)response.StatusCode}): {text}");
        }
        return JsonNode.Parse(text)!["project"]!["id"]!.GetValue<string>();
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
            Console.WriteLine($"store kept (delete it when done): {_dataDir}");
            return;
        }
        try
        {
            Directory.Delete(_dataDir, recursive: true);
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

using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Braintrust.Traced.UI.Load;

/// <summary>
/// The real server as a child process (<c>dotnet Braintrust.Traced.Server.dll</c>, Release, its own process so the
/// browser and the load generator do not share its CPU time slices) on 127.0.0.1 with a free port, serving the UI
/// bundle the build produced. The data dir is kept when the caller chose it, so a filled store can be measured again.
/// </summary>
internal sealed partial class LoadServer : IAsyncDisposable
{
    public const string ApiKey = "ui-load-admin-key-0123456789abcdef";

    private readonly Process _process;
    private readonly bool _deleteDataDir;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<string> _url = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private LoadServer(string dataDir, bool deleteDataDir, string uiDir)
    {
        DataDir = dataDir;
        _deleteDataDir = deleteDataDir;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dataDir };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Braintrust.Traced.Server.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        start.Environment["BRAINTRUST_TRACED_DATA_DIR"] = dataDir;
        start.Environment["BRAINTRUST_TRACED_INIT_ORG"] = "bench";
        start.Environment["BRAINTRUST_TRACED_INIT_API_KEY"] = ApiKey;
        start.Environment["BRAINTRUST_TRACED_UI_DIR"] = uiDir;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.Exited += (_, _) => _url.TrySetException(new InvalidOperationException($"server exited early:\n{Output}"));
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

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

    public static async Task<LoadServer> StartAsync(string? dataDir, string uiDir)
    {
        var server = dataDir is null
            ? new LoadServer(Directory.CreateTempSubdirectory("bt-ui-load-").FullName, deleteDataDir: true, uiDir)
            : new LoadServer(Directory.CreateDirectory(dataDir).FullName, deleteDataDir: false, uiDir);
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
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromMinutes(5) };
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
        if (_deleteDataDir)
        {
            try
            {
                Directory.Delete(DataDir, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless; the measurement already finished.
            }
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
        if (ListeningLine().Match(line) is { Success: true } match)
        {
            _url.TrySetResult(match.Groups[1].Value);
        }
    }

    [GeneratedRegex(@"server listening on (http://\S+)")]
    private static partial Regex ListeningLine();
}

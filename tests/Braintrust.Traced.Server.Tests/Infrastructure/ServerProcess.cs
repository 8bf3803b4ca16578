using System.Diagnostics;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace Braintrust.Traced.Server.Tests.Infrastructure;

/// <summary>
/// The server as a real child process (<c>dotnet Braintrust.Traced.Server.dll</c>) on a given data dir, for tests
/// that must kill it (SIGKILL) or stop it (SIGTERM) and start it again.
/// </summary>
internal sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<string> _url = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(string dataDir, string apiKey, IEnumerable<string> extraArgs)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = dataDir,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Braintrust.Traced.Server.dll"));
        foreach (var arg in (string[])["--urls", "http://127.0.0.1:0", .. extraArgs])
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["BRAINTRUST_TRACED_DATA_DIR"] = dataDir;
        start.Environment["BRAINTRUST_TRACED_INIT_ORG"] = "process-org";
        start.Environment["BRAINTRUST_TRACED_INIT_API_KEY"] = apiKey;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.Exited += (_, _) => _url.TrySetException(new InvalidOperationException($"server exited early:\n{Output}"));
        _process.EnableRaisingEvents = true;
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

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

    public static async Task<ServerProcess> StartAsync(string dataDir, string apiKey, params string[] extraArgs)
    {
        var server = new ServerProcess(dataDir, apiKey, extraArgs);
        var ready = await Task.WhenAny(server._url.Task, Task.Delay(TimeSpan.FromSeconds(60)));
        if (ready != server._url.Task)
        {
            server.Kill();
            throw new TimeoutException($"server did not report its URL within 60 s:\n{server.Output}");
        }
        await server._url.Task;
        return server;
    }

    public HttpClient CreateClient(string apiKey)
    {
        var client = new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }

    /// <summary>SIGKILL: no shutdown code runs, exactly like a power cut for the process.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
    }

    /// <summary>SIGTERM: the host's graceful shutdown; returns the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        _ = SendSignal(_process.Id, 15);
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
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

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}

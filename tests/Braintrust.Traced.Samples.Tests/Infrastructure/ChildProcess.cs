using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace Braintrust.Traced.Samples.Tests.Infrastructure;

/// <summary>A program run as a child process, its output captured so tests can wait for a line and show it on failure.</summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly List<(Regex Pattern, TaskCompletionSource<Match> Found)> _waiters = [];

    private ChildProcess(string fileName, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // A child must not inherit a key or URL from the developer's shell: every test says exactly what it sets.
        foreach (var name in (string[])["BRAINTRUST_API_KEY", "BRAINTRUST_APP_URL", "BRAINTRUST_API_URL", "BRAINTRUST_ORG_NAME", "OPENAI_API_KEY", "ASPNETCORE_URLS"])
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

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

    public bool HasExited => _process.HasExited;

    /// <summary>Starts <c>dotnet <paramref name="dll"/> <paramref name="arguments"/></c>.</summary>
    public static ChildProcess StartDotnet(string dll, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment, string? workingDirectory = null) =>
        new("dotnet", [dll, .. arguments], workingDirectory ?? Path.GetDirectoryName(dll)!, environment);

    /// <summary>Starts a shell command line, as a user types it.</summary>
    public static ChildProcess StartShell(string commandLine, string workingDirectory, IReadOnlyDictionary<string, string?> environment) =>
        new("bash", ["-c", commandLine], workingDirectory, environment);

    /// <summary>Waits for an output line matching <paramref name="pattern"/>; fails with the output so far when the process exits or time runs out.</summary>
    public async Task<Match> WaitForLineAsync(Regex pattern, TimeSpan timeout)
    {
        var found = new TaskCompletionSource<Match>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_output)
        {
            var earlier = pattern.Match(_output.ToString());
            if (earlier.Success)
            {
                return earlier;
            }

            _waiters.Add((pattern, found));
        }

        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(found.Task, exited, Task.Delay(timeout));
        if (first == found.Task)
        {
            return await found.Task;
        }

        // The line may have been the last one before exit.
        await Task.Delay(100);
        if (found.Task.IsCompleted)
        {
            return await found.Task;
        }

        throw new AssertionException(first == exited
            ? $"the process exited ({_process.ExitCode}) before printing /{pattern}/:\n{Output}"
            : $"no line matching /{pattern}/ within {timeout.TotalSeconds} s:\n{Output}");
    }

    /// <summary>Waits for the process to exit and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new AssertionException($"the process did not exit within {timeout.TotalSeconds} s:\n{Output}");
        }

        return _process.ExitCode;
    }

    /// <summary>SIGTERM: what a container orchestrator or Ctrl+C sends; the host shuts down gracefully.</summary>
    public Task<int> TerminateAsync(TimeSpan timeout)
    {
        _ = SendSignal(_process.Id, 15);
        return WaitForExitAsync(timeout);
    }

    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
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
            foreach (var (pattern, found) in _waiters)
            {
                if (pattern.Match(line) is { Success: true } match)
                {
                    found.TrySetResult(match);
                }
            }
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Braintrust.Traced.Proxy.Tests.Infrastructure;

/// <summary>
/// A throw-away redis-server on a free 127.0.0.1 port, with persistence off, stopped (by its own process id) on
/// dispose. A machine without redis-server fails the Redis tests with a message saying how to install it.
/// </summary>
internal sealed class RedisServer : IDisposable
{
    private const string Executable = "/usr/bin/redis-server";
    private readonly Process _process;

    private RedisServer(Process process, int port)
    {
        _process = process;
        Endpoint = $"127.0.0.1:{port}";
    }

    public string Endpoint { get; }

    public static async Task<RedisServer> StartAsync()
    {
        if (!File.Exists(Executable))
        {
            Assert.Fail($"{Executable} is missing: install it (apt-get install redis-server); the Redis cache tests need a real server.");
        }
        // The free port is only free when we look: another process (a test assembly running beside this one) may bind
        // it before redis-server does. Then redis-server exits saying so, and we try another port.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            var launch = Launch(port);
            bool? outcome;
            try
            {
                outcome = await launch.Outcome.WaitAsync(TimeSpan.FromSeconds(20));
            }
            catch (TimeoutException)
            {
                outcome = null;
            }
            if (outcome == true)
            {
                return new RedisServer(launch.Process, port);
            }
            launch.Stop();
            if (outcome == false && launch.Output.Contains("Address already in use", StringComparison.Ordinal) && attempt < 5)
            {
                continue;
            }
            Assert.Fail($"redis-server did not start on port {port} ({(outcome is null ? "no ready line within 20 s" : "it exited")}):\n{launch.Output}");
        }
    }

    /// <summary>
    /// Starts redis-server on <paramref name="port"/>. Ready means its own "Ready to accept connections" line, not
    /// that the port answers: when redis-server lost the port, whatever took it would answer instead.
    /// </summary>
    private static Launched Launch(int port)
    {
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
                     "--save", "", "--appendonly", "no", "--daemonize", "no" })
        {
            start.ArgumentList.Add(argument);
        }
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var launched = new Launched(process);
        process.OutputDataReceived += (_, e) => launched.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => launched.OnLine(e.Data);
        process.Exited += (_, _) => launched.OnExited();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return launched;
    }

    /// <summary>A redis-server process being started: its output so far, and whether it became ready (true) or exited (false).</summary>
    private sealed class Launched(Process process)
    {
        private readonly System.Text.StringBuilder _output = new();
        private readonly TaskCompletionSource<bool> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Process Process => process;

        public Task<bool> Outcome => _outcome.Task;

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

        public void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }
            lock (_output)
            {
                _output.AppendLine(line);
            }
            if (line.Contains("Ready to accept connections", StringComparison.Ordinal))
            {
                _outcome.TrySetResult(true);
            }
        }

        public void OnExited()
        {
            // Wait for the last lines (the reason it exited) before reporting.
            process.WaitForExit();
            _outcome.TrySetResult(false);
        }

        public void Stop()
        {
            if (!process.HasExited)
            {
                process.Kill();
                process.WaitForExit(10_000);
            }
            process.Dispose();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(10_000);
        }
        _process.Dispose();
    }
}

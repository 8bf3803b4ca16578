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
        var port = FreePort();
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
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new RedisServer(process, port);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(IPAddress.Loopback, port);
                return server;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(50);
            }
            catch (SocketException)
            {
                server.Dispose();
                Assert.Fail($"redis-server did not start on port {port} (exited: {process.HasExited}).");
            }
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

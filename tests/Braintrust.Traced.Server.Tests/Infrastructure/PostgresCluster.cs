using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Braintrust.Traced.Server.Tests.Infrastructure;

/// <summary>
/// A throw-away PostgreSQL cluster for the test run: initdb into a temp folder, started on a free loopback port,
/// stopped and deleted at the end (<see cref="PostgresClusterTeardown"/>). initdb refuses to run as root, so
/// the binaries run as the <c>postgres</c> OS user when we are root. Not installed → a clear failure, never a skip.
/// </summary>
internal sealed class PostgresCluster
{
    private static readonly Lazy<PostgresCluster> Shared = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);
    private static bool _started;

    private readonly string _binDir;
    private readonly string _root;
    private readonly int _port;

    private PostgresCluster(string binDir, string root, int port)
    {
        _binDir = binDir;
        _root = root;
        _port = port;
    }

    public static PostgresCluster Instance => Shared.Value;

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public string CreateDatabase()
    {
        var name = "t" + Guid.NewGuid().ToString("N");
        using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            command.ExecuteNonQuery();
        }
        return ConnectionString(name);
    }

    public static void StopIfStarted()
    {
        if (_started)
        {
            Shared.Value.StopOnce();
        }
    }

    private string ConnectionString(string database)
        => new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = _port,
            Username = "postgres",
            Database = database,
            Pooling = true,
        }.ToString();

    private static PostgresCluster Start()
    {
        var binDir = FindBinDir() ?? throw new InvalidOperationException(
            "PostgreSQL is not installed: initdb/pg_ctl were found neither on PATH nor under /usr/lib/postgresql/*/bin. " +
            "Install it (apt-get install postgresql) to run the PostgreSQL storage tests.");
        var root = Path.Combine(Path.GetTempPath(), "bt-traced-pg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            Run("chown", ["postgres:postgres", root], asPostgres: false);
        }
        var data = Path.Combine(root, "data");
        // A fixed locale, not the one of whoever runs the tests: initdb refuses a LANG naming a locale the machine has
        // not generated (de_DE.UTF-8 on a C.UTF-8 container failed every PostgreSQL test), and the locale decides how
        // text sorts and which characters full-text search sees as letters. C.UTF-8 is what CI's LANG gave it anyway.
        Run(Path.Combine(binDir, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"], asRoot);
        var port = StartOnFreePort(binDir, root, data, asRoot);
        _started = true;
        var cluster = new PostgresCluster(binDir, root, port);
        // Safety net if the run is aborted before the set-up fixture's teardown: never leave a server behind.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.StopOnce();
        return cluster;
    }

    private int _stopped;

    private void StopOnce()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            Stop();
        }
    }

    private void Stop()
    {
        try
        {
            NpgsqlConnection.ClearAllPools();
            Run(Path.Combine(_binDir, "pg_ctl"), ["-D", Path.Combine(_root, "data"), "-m", "immediate", "-w", "stop"], Environment.UserName == "root");
        }
        finally
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static string? FindBinDir()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            if (File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")))
            {
                // Symlinks into /usr/lib/postgresql/N/bin resolve there, next to the postgres binary.
                var resolved = new FileInfo(Path.Combine(dir, "initdb")).ResolveLinkTarget(returnFinalTarget: true);
                return resolved is null ? dir : Path.GetDirectoryName(resolved.FullName);
            }
        }
        return Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb"))).OrderDescending().FirstOrDefault()
            : null;
    }

    /// <summary>
    /// Starts the server on a port that was free a moment ago. Another process (a test assembly running beside this
    /// one) may bind it first; then the server fails to start saying so in its log, and it is started on another port.
    /// </summary>
    private static int StartOnFreePort(string binDir, string root, string data, bool asRoot)
    {
        var log = Path.Combine(root, "log.txt");
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            try
            {
                Run(Path.Combine(binDir, "pg_ctl"),
                    ["-D", data, "-l", log, "-w", "-t", "60", "start",
                     "-o", $"-h 127.0.0.1 -p {port} -k {root} -c fsync=off -c max_connections=200"], asRoot);
                return port;
            }
            catch (InvalidOperationException) when (attempt < 5 && File.Exists(log) && File.ReadAllText(log).Contains("Address already in use", StringComparison.Ordinal))
            {
                // The log is appended to by every attempt: start the next one with an empty log, so an old line cannot repeat this.
                File.WriteAllText(log, string.Empty);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Run(string file, string[] args, bool asPostgres)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (asPostgres)
        {
            foreach (var a in new[] { "-u", "postgres", "--", file })
            {
                start.ArgumentList.Add(a);
            }
        }
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{file} timed out");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {stdout.Result}{stderr.Result}");
        }
    }
}

using System.Globalization;

namespace Braintrust.Traced.Server.Load;

/// <summary>
/// CPU time of the PostgreSQL cluster serving a port (the postmaster, its live backends and, through the
/// postmaster's reaped-children counters, backends that already exited), read before and after a phase so the
/// database's work per row can be stated beside the server's: a latency-bound ingest shows up here, not in the
/// server's own counters. Linux only (<c>/proc</c>); null elsewhere.
/// </summary>
internal static class PostgresCpu
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    public static TimeSpan? Read(int port)
    {
        try
        {
            var postmaster = Directory.EnumerateDirectories("/proc")
                .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : -1)
                .Where(pid => pid > 0)
                .FirstOrDefault(pid => IsPostmasterOf(pid, port));
            if (postmaster == 0)
            {
                return null;
            }
            long ticks = Stat(postmaster) is { } own ? own[13] + own[14] + own[15] + own[16] : 0;
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (int.TryParse(Path.GetFileName(dir), out var pid) && Stat(pid) is { } stat && stat[3] == postmaster)
                {
                    ticks += stat[13] + stat[14];
                }
            }
            return TimeSpan.FromSeconds(ticks / TicksPerSecond);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool IsPostmasterOf(int pid, int port)
    {
        try
        {
            var args = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
            return Path.GetFileName(args[0]) == "postgres"
                   && args.Zip(args.Skip(1)).Any(p => p.First == "-p" && p.Second == port.ToString(CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The numeric fields of /proc/PID/stat, indexed as in proc(5) minus one (field 14, utime, is [13]).</summary>
    private static long[]? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) may hold spaces: the fields after it start behind its closing parenthesis.
            var rest = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            var fields = new long[rest.Length + 2];
            for (var i = 1; i < rest.Length; i++)
            {
                fields[i + 2] = long.TryParse(rest[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0;
            }
            return fields;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

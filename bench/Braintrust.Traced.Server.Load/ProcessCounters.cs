using System.Globalization;

namespace Braintrust.Traced.Server.Load;

/// <summary>
/// Bytes a process wrote to storage (<c>/proc/PID/io</c> write_bytes: WAL, checkpoints, the database file) and the
/// CPU time it used, read before and after a measured phase so the numbers can be stated per row. Linux only: elsewhere
/// (or when the files are unreadable) both are reported as unknown.
/// </summary>
internal readonly record struct ProcessCounters(long? WriteBytes, TimeSpan? CpuTime)
{
    public static ProcessCounters Read(int processId)
    {
        long? written = null;
        TimeSpan? cpu = null;
        try
        {
            var line = File.ReadLines($"/proc/{processId}/io").FirstOrDefault(l => l.StartsWith("write_bytes:", StringComparison.Ordinal));
            written = line is null ? null : long.Parse(line["write_bytes:".Length..].Trim(), CultureInfo.InvariantCulture);
            using var process = System.Diagnostics.Process.GetProcessById(processId);
            cpu = process.TotalProcessorTime;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            // Not Linux, or the process is gone: the phase is still measured, only without these counters.
        }
        return new ProcessCounters(written, cpu);
    }

    /// <summary>"12.3 KB written, 180 µs CPU per row" for the phase from <paramref name="before"/> to this reading.</summary>
    public string PerRow(ProcessCounters before, int rows)
    {
        var written = WriteBytes is { } w && before.WriteBytes is { } b ? ((w - b) / 1024.0 / rows).ToString("N1", CultureInfo.InvariantCulture) + " KB" : "?";
        var cpu = CpuTime is { } c && before.CpuTime is { } bc ? ((c - bc).TotalMicroseconds / rows).ToString("N0", CultureInfo.InvariantCulture) + " µs" : "?";
        return $"{written} written, {cpu} CPU per row";
    }
}

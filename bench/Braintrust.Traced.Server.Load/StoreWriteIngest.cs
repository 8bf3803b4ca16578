using System.Diagnostics;
using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Storage;
using Braintrust.Traced.Server.Storage.Sqlite;

namespace Braintrust.Traced.Server.Load;

/// <summary>
/// The server's SQLite store on its own: the same rows written through <see cref="SqliteStore.WriteAsync"/> in
/// 100-row batches by 4 concurrent callers (group commit, roll-ups, uniqueness probes, merges, the full-text indexer:
/// everything the store does), without HTTP, authentication or protocol parsing. Between the schema floor and the
/// server over HTTP, it tells whether a gap lies in the storage code or in front of it.
/// </summary>
internal static class StoreWriteIngest
{
    private const int Callers = 4;

    /// <returns>Rows per second, and CPU time and bytes written (/proc/self/io) per row, for <paramref name="rows"/> only.</returns>
    public static async Task<(double RowsPerSecond, double CpuMicrosecondsPerRow, double KbWrittenPerRow)> RunAsync(
        IReadOnlyList<(string Id, string Json)> warmup, IReadOnlyList<(string Id, string Json)> rows)
    {
        var dir = Directory.CreateTempSubdirectory("bt-store-sqlite-").FullName;
        try
        {
            await using var store = new SqliteStore(Path.Combine(dir, "store.db"));
            await store.MigrateAsync(CancellationToken.None);
            var org = await store.CreateOrgAsync("load", CancellationToken.None);
            var projectId = (await store.GetOrCreateProjectAsync(org.Id, "load", null, CancellationToken.None)).Id;
            await WriteAllAsync(store, Batches(warmup, projectId));
            var batches = Batches(rows, projectId);
            var bytesBefore = BytesWritten();
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var elapsed = await WriteAllAsync(store, batches);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            var count = batches.Sum(b => b.Length);
            return (count / elapsed.TotalSeconds, cpu.TotalMicroseconds / count, (BytesWritten() - bytesBefore) / 1024.0 / count);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>The rows as the protocol hands them to the store (control fields and identity taken out of the data).</summary>
    private static List<RowWrite[]> Batches(IReadOnlyList<(string Id, string Json)> rows, string projectId)
        => rows.Chunk(100).Select(chunk => chunk.Select((row, i) =>
        {
            var data = JsonNode.Parse(row.Json)!.AsObject();
            data.Remove("_is_merge");
            data.Remove("project_id");
            data.Remove("log_id");
            return new RowWrite(i, projectId, "g", row.Id, RowWriteKind.Replace, data);
        }).ToArray()).ToList();

    private static async Task<TimeSpan> WriteAllAsync(SqliteStore store, List<RowWrite[]> batches)
    {
        var started = Stopwatch.GetTimestamp();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < batches.Count)
            {
                await store.WriteAsync(batches[i], CancellationToken.None);
            }
        })));
        return Stopwatch.GetElapsedTime(started);
    }

    private static long BytesWritten()
        => File.Exists("/proc/self/io")
            ? long.Parse(File.ReadLines("/proc/self/io").First(l => l.StartsWith("write_bytes", StringComparison.Ordinal)).Split(':')[1].Trim(),
                System.Globalization.CultureInfo.InvariantCulture)
            : 0;
}

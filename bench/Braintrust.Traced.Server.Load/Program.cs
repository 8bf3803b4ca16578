using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Braintrust.Traced.Server.Load;
using Braintrust.Traced.Server.Tests.Infrastructure;

// The server under load over loopback (issue 6, "Benchmarks"):
//  1. ingest throughput of POST /logs3 (100 rows of ~1 KB per request, several clients) into SQLite and PostgreSQL,
//     beside a raw batch insert of the same rows straight into a SQLite file, the same rows stored straight into the
//     server's schema (the floor), and the server's SQLite store written in-process without HTTP (StoreWriteIngest);
//  2. query latency over a large store (--spans, default 1,000,000): newest-50 page, one trace tree, full-text search,
//     and the status filter (running / unfinished / ended) with a few roots left open (OpenRoots);
//  3. the server's resident memory while ingesting (it runs as a child process, so it is measured alone).
// Usage: dotnet run -c Release --project bench/Braintrust.Traced.Server.Load -- [--spans N] [--ingest-rows N] [--warmup-rows N] [--clients N] [--queries N] [--no-postgres]
//        [--store-dir DIR] [--skip-ingest] [--query-postgres] [--layout-experiments]
LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

static string F(double value, string format = "N0") => value.ToString(format, CultureInfo.InvariantCulture);
static string Mb(long bytes) => F(bytes / 1024.0 / 1024.0) + " MB";
var cpu = File.Exists("/proc/cpuinfo")
    ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
    : null;
Console.WriteLine($"machine: {Environment.ProcessorCount} cores ({cpu ?? RuntimeInformation.ProcessArchitecture.ToString()}), " +
                  $"{RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
Console.WriteLine($"options: ingest {F(options.IngestRows)} rows with {options.Clients} clients; query store {F(options.Spans)} spans; " +
                  $"{options.Queries} queries per kind; postgres {(options.Postgres ? "on" : "off")}");

// ---- 1. Ingest throughput: the same rows for every target --------------------------------------------------------
var requestCount = options.IngestRows / 100;
var rowsSent = requestCount * 100;
var start = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 86_400.0;
var factory = new SpanRowFactory(seed: 1, startSeconds: start);
var rawRows = new List<(string Id, string Json)>(rowsSent);
var templateBodies = Enumerable.Range(0, requestCount)
    .Select(i => Encoding.UTF8.GetString(Logs3Body.Build(factory, (long)i * Logs3Body.TracesPerRequest, SpanRowFactory.ProjectPlaceholder, rawCopy: rawRows)))
    .ToArray();
Console.WriteLine($"rows: {F(rowsSent)}, average {F(templateBodies.Sum(b => (double)b.Length) / rowsSent)} bytes of JSON each");

// Warm-up rows (other ids, same shape) go to each target first, untimed: a freshly started server runs its first
// requests in unoptimized (tier-0) code while the JIT recompiles the hot paths, and that start-up cost would
// otherwise dominate a 20,000-row measurement. The goals are about a running server; --warmup-rows 0 shows a cold one.
var warmupFactory = new SpanRowFactory(seed: 2, startSeconds: start - 3_600);
var warmupRaw = new List<(string Id, string Json)>();
var warmupBodies = Enumerable.Range(0, options.SkipIngest ? 0 : options.WarmupRows / 100)
    .Select(i => Encoding.UTF8.GetString(Logs3Body.Build(warmupFactory, (long)i * Logs3Body.TracesPerRequest, SpanRowFactory.ProjectPlaceholder, rawCopy: warmupRaw)))
    .ToArray();
Console.WriteLine($"warm-up: {F(warmupBodies.Length * 100)} rows per target, untimed");

if (options.LayoutExperiments)
{
    SqliteLayoutExperiments.Run(rawRows, warmupRaw);
    return 0;
}

if (!options.SkipIngest)
{
    var results = new List<(string Target, double RowsPerSecond, long MaxRss)>();
    var projectForFloor = "8c2b6f1e-6d7a-4f7e-9a51-3d1c2b4a5e6f";
    var floorRows = rawRows.Select(r => (r.Id, r.Json.Replace(SpanRowFactory.ProjectPlaceholder, projectForFloor, StringComparison.Ordinal))).ToList();
    var floorWarmup = warmupRaw.Select(r => (r.Id, r.Json.Replace(SpanRowFactory.ProjectPlaceholder, projectForFloor, StringComparison.Ordinal))).ToList();
    // Twice: into an empty file (how the issue's yardstick was first measured) and into a file already holding the
    // warm-up rows, as the server's does when its timed rows arrive (a larger id index: more pages dirtied per commit).
    foreach (var (label, warmupFirst) in new[] { ("raw SQLite insert into an empty file (100/tx)", false), ("raw SQLite insert after the warm-up rows (100/tx)", true) })
    {
        var rawTime = RawSqliteInsert.Run(warmupFirst ? floorWarmup : [], floorRows);
        results.Add((label, rowsSent / rawTime.TotalSeconds, 0));
        Console.WriteLine($"  {label}: {F(rowsSent / rawTime.TotalSeconds)} rows/s");
    }
    foreach (var (fullText, perTransaction) in new[] { (false, 100), (true, 100), (true, options.Clients * 100) })
    {
        var floorTime = await SchemaFloorInsert.RunAsync(floorWarmup, floorRows, projectForFloor, fullText, perTransaction);
        var label = $"server's schema, indexes{(fullText ? " + full text" : " only")} ({perTransaction}/tx)";
        results.Add((label, rowsSent / floorTime.TotalSeconds, 0));
        Console.WriteLine($"  {label}: {F(rowsSent / floorTime.TotalSeconds)} rows/s");
    }
    var store = await StoreWriteIngest.RunAsync(warmupRaw, floorRows);
    results.Add(("server's SQLite store alone, no HTTP (4 callers, 100/batch)", store.RowsPerSecond, 0));
    Console.WriteLine($"  store alone: {F(store.RowsPerSecond)} rows/s, {F(store.CpuMicrosecondsPerRow)} µs CPU and {F(store.KbWrittenPerRow, "N1")} KB written per row");
    rawRows.Clear();

    async Task<(double RowsPerSecond, long MaxRss)> IngestIntoServerAsync(string? postgres)
    {
        await using var server = await ChildServer.StartAsync(postgres);
        using var client = server.CreateClient();
        var (projectId, _) = await ChildServer.RegisterProjectAsync(client, "load");
        var bodies = templateBodies.Select(b => Encoding.UTF8.GetBytes(b.Replace(SpanRowFactory.ProjectPlaceholder, projectId, StringComparison.Ordinal))).ToArray();
        if (warmupBodies.Length > 0)
        {
            var warmup = warmupBodies.Select(b => Encoding.UTF8.GetBytes(b.Replace(SpanRowFactory.ProjectPlaceholder, projectId, StringComparison.Ordinal))).ToArray();
            await HttpIngest.RunAsync(client, warmup.Length, options.Clients, i => warmup[i]);
            if (postgres is not null)
            {
                // Else the indexer's backlog of warm-up rows would be counted as the timed rows' database work.
                await PostgresIndexerWait.UntilCaughtUpAsync(postgres);
            }
        }
        await using var memory = new MemorySampler(server.ProcessId);
        var before = ProcessCounters.Read(server.ProcessId);
        var postgresPort = postgres is null ? (int?)null : new Npgsql.NpgsqlConnectionStringBuilder(postgres).Port;
        var databaseBefore = postgresPort is { } port ? PostgresCpu.Read(port) : null;
        var elapsed = await HttpIngest.RunAsync(client, bodies.Length, options.Clients, i => bodies[i]);
        Console.WriteLine($"    server: {ProcessCounters.Read(server.ProcessId).PerRow(before, rowsSent)}");
        if (postgresPort is { } p && databaseBefore is { } dbBefore && PostgresCpu.Read(p) is { } dbAfter)
        {
            // Includes the search indexer's backend, which works beside the ingest.
            Console.WriteLine($"    database: {F((dbAfter - dbBefore).TotalMicroseconds / rowsSent)} µs CPU per row (all PostgreSQL processes)");
            // The indexer may still be behind at the last answer: its remaining work belongs to these rows too.
            await PostgresIndexerWait.UntilCaughtUpAsync(postgres!);
            if (PostgresCpu.Read(p) is { } dbIndexed)
            {
                Console.WriteLine($"    database: {F((dbIndexed - dbBefore).TotalMicroseconds / rowsSent)} µs CPU per row once the search indexer caught up");
            }
        }
        return (rowsSent / elapsed.TotalSeconds, Math.Max(memory.MaxRssBytes, memory.PeakRssBytes));
    }

    // The same rows straight into the server's PostgreSQL schema (PostgresSchemaFloorInsert), after an untimed run of the
    // warm-up rows into another fresh database; each run gets its own database of the load program's cluster.
    async Task<double> PostgresFloorAsync(List<(string Id, string Json)> warmupRows, List<(string Id, string Json)> timedRows, string projectId)
    {
        await PostgresSchemaFloorInsert.RunAsync(PostgresCluster.Instance.CreateDatabase(),
            warmupRows.Select(r => (r.Id, r.Json.Replace(SpanRowFactory.ProjectPlaceholder, projectId, StringComparison.Ordinal))).ToList(), projectId);
        var floor = await PostgresSchemaFloorInsert.RunAsync(PostgresCluster.Instance.CreateDatabase(), timedRows, projectId);
        var rate = timedRows.Count / floor.Elapsed.TotalSeconds;
        Console.WriteLine($"  PostgreSQL schema floor (binary COPY 100/tx + full text 5,000/tx): {F(rate)} rows/s" +
                          (floor.DatabaseCpu is { } cpuUsed ? $", database {F(cpuUsed.TotalMicroseconds / timedRows.Count)} µs CPU per row" : "") +
                          (floor.FullTextDatabaseCpu is { } ftCpu ? $", of which full text {F(ftCpu.TotalMicroseconds / timedRows.Count)} µs" : ""));
        return rate;
    }

    var sqlite = await IngestIntoServerAsync(postgres: null);
    results.Add(("server over HTTP → SQLite", sqlite.RowsPerSecond, sqlite.MaxRss));
    Console.WriteLine($"  server → SQLite: {F(sqlite.RowsPerSecond)} rows/s");
    (double RowsPerSecond, long MaxRss)? pg = null;
    if (options.Postgres)
    {
        try
        {
            var pgFloor = await PostgresFloorAsync(warmupRaw, floorRows, projectForFloor);
            results.Add(("PostgreSQL: server's schema, binary COPY + full text (100/tx)", pgFloor, 0));
            pg = await IngestIntoServerAsync(PostgresCluster.Instance.CreateDatabase());
            results.Add(("server over HTTP → PostgreSQL", pg.Value.RowsPerSecond, pg.Value.MaxRss));
            Console.WriteLine($"  server → PostgreSQL: {F(pg.Value.RowsPerSecond)} rows/s");
        }
        finally
        {
            PostgresCluster.StopIfStarted();
        }
    }

    Console.WriteLine();
    Console.WriteLine($"| Ingest ({F(rowsSent)} rows, {options.Clients} clients) | rows/s | server max RSS |");
    Console.WriteLine("|---|---:|---:|");
    foreach (var (target, rate, rss) in results)
    {
        Console.WriteLine($"| {target} | {F(rate)} | {(rss == 0 ? "—" : Mb(rss))} |");
    }
    Console.WriteLine();
}

// ---- 2. Query latency over a large store --------------------------------------------------------------------
try
{
    // A store filled by an earlier run with the same --store-dir is reused: filling 1,000,000 spans takes ~20 minutes.
    var filledStore = options.StoreDir is null ? null : FilledStore.TryOpen(options.StoreDir);
    var queryPostgres = options.QueryPostgres ? PostgresCluster.Instance.CreateDatabase() : null;
    var storeKind = queryPostgres is null ? "SQLite" : "PostgreSQL";
    // A short running timeout, so roots written without an end turn unfinished within this run (OpenRoots).
    await using var server = await ChildServer.StartAsync(postgres: queryPostgres, dataDir: options.StoreDir, keepData: options.KeepStore,
        environment: OpenRoots.ServerEnvironment);
    using var client = server.CreateClient();
    var (projectId, _) = await ChildServer.RegisterProjectAsync(client, "large");
    var storeRequests = (filledStore?.Spans ?? options.Spans) / 100;
    var roots = filledStore?.Roots.ToList() ?? [];
    if (filledStore is not null)
    {
        Console.WriteLine($"reusing the store in {options.StoreDir}: {F(filledStore.Spans)} spans ({F(roots.Count)} sampled trace ids)");
    }
    else
    {
        var bigFactory = new ThreadLocal<SpanRowFactory>(() => new SpanRowFactory(Environment.CurrentManagedThreadId * 7919 + Random.Shared.Next(), start));
        var tenth = Math.Max(1, storeRequests / 10);
        Console.WriteLine($"storing {F(storeRequests * 100)} spans ({F(storeRequests * 100 / SpanRowFactory.SpansPerTrace)} traces) ...");
        await using var memory = new MemorySampler(server.ProcessId);
        var storeStarted = System.Diagnostics.Stopwatch.GetTimestamp();
        var elapsed = await HttpIngest.RunAsync(client, storeRequests, options.Clients, i =>
        {
            var sampled = new List<string>();
            var body = Logs3Body.Build(bigFactory.Value!, (long)i * Logs3Body.TracesPerRequest, projectId, rootIds: sampled);
            lock (roots)
            {
                roots.Add(sampled[0]);
            }
            return body;
        }, done =>
        {
            if (done % tenth == 0)
            {
                Console.WriteLine($"  {F(done * 100)} spans after {F(System.Diagnostics.Stopwatch.GetElapsedTime(storeStarted).TotalSeconds)} s, server RSS {Mb(memory.CurrentRssBytes)}");
            }
        });
        var storeRate = storeRequests * 100 / elapsed.TotalSeconds;
        var storeRss = Math.Max(memory.MaxRssBytes, memory.PeakRssBytes);
        Console.WriteLine($"stored in {F(elapsed.TotalSeconds, "N1")} s: {F(storeRate)} rows/s; server max RSS {Mb(storeRss)}, RSS now {Mb(memory.CurrentRssBytes)}");
        if (options.StoreDir is not null)
        {
            FilledStore.Save(options.StoreDir, storeRequests * 100, roots);
        }
        if (queryPostgres is not null)
        {
            // Else the searches would be timed against a half-built search index.
            var indexing = System.Diagnostics.Stopwatch.GetTimestamp();
            await PostgresIndexerWait.UntilCaughtUpAsync(queryPostgres, TimeSpan.FromMinutes(15));
            Console.WriteLine($"search indexer caught up {F(System.Diagnostics.Stopwatch.GetElapsedTime(indexing).TotalSeconds, "N1")} s after the last answer");
        }
    }

    var random = new Random(3);
    var basePath = $"/api/v1/projects/{projectId}/traces";
    // The stale open roots age past the running timeout while the other kinds are timed.
    await OpenRoots.WriteStaleAsync(client, projectId);
    var staleWritten = System.Diagnostics.Stopwatch.GetTimestamp();
    var samples = new List<LatencySample>
    {
        await LatencySample.MeasureAsync("newest 50 traces (page 1)", client, options.Queries, _ => $"{basePath}?limit=50"),
        await LatencySample.MeasureAsync("one trace tree (5 spans)", client, options.Queries, _ => $"{basePath}/{roots[random.Next(roots.Count)]}"),
        await LatencySample.MeasureAsync("full-text search, one word (newest 50 hits)", client, options.Queries, i => $"{basePath}?limit=50&q={SpanRowFactory.Word(i)}"),
        await LatencySample.MeasureAsync("full-text search, two words (newest 50 hits)", client, options.Queries, i => $"{basePath}?limit=50&q={SpanRowFactory.Word(i)}+{SpanRowFactory.Word(i * 7 + 1)}"),
    };
    var untilStale = TimeSpan.FromSeconds(OpenRoots.RunningTimeoutSeconds + 1) - System.Diagnostics.Stopwatch.GetElapsedTime(staleWritten);
    if (untilStale > TimeSpan.Zero)
    {
        await Task.Delay(untilStale);
    }
    await OpenRoots.WriteFreshAsync(client, projectId);
    // running first, while the fresh roots are seconds old; each count is read before and after its timed pages.
    foreach (var status in new[] { "running", "unfinished", "ended" })
    {
        var url = $"{basePath}?limit=50&status={status}";
        var before = await OpenRoots.CountOnFirstPageAsync(client, url);
        var sample = await LatencySample.MeasureAsync($"status={status} (newest 50)", client, options.Queries, _ => url);
        var after = await OpenRoots.CountOnFirstPageAsync(client, url);
        Console.WriteLine($"  status={status}: {before} traces on the page before the timed requests, {after} after");
        samples.Add(sample);
    }
    Console.WriteLine();
    Console.WriteLine($"| Query over {F(storeRequests * 100)} spans ({storeKind}, sequential requests) | requests | p50 | p95 |");
    Console.WriteLine("|---|---:|---:|---:|");
    foreach (var sample in samples)
    {
        Console.WriteLine($"| {sample.Name} | {sample.Count} | {F(sample.Percentile(50), "N2")} ms | {F(sample.Percentile(95), "N2")} ms |");
    }
    Console.WriteLine();
    Console.WriteLine("Inside the server (Server-Timing header), median ms per stage:");
    foreach (var sample in samples)
    {
        Console.WriteLine($"  {sample.Name}: " + string.Join(", ", sample.ServerStageMedians().Select(s => $"{s.Stage} {F(s.MedianMs, "N2")}")));
    }
}
finally
{
    if (options.QueryPostgres)
    {
        PostgresCluster.StopIfStarted();
    }
}
return 0;

using System.Globalization;

namespace Braintrust.Traced.Server.Load;

/// <summary>Command-line options of the load program; every count is bounded so a run always stops by itself.</summary>
internal sealed record LoadOptions(int IngestRows, int Clients, int Spans, int Queries, bool Postgres, bool KeepStore = false,
    string? StoreDir = null, bool SkipIngest = false, int WarmupRows = 20_000, bool LayoutExperiments = false,
    bool QueryPostgres = false)
{
    public const string Usage =
        "usage: Braintrust.Traced.Server.Load [--ingest-rows N (20000)] [--warmup-rows N (20000; 0 measures a cold server)] [--clients N (4)] [--spans N (300000)] " +
        "[--queries N (100; each kind stops after 60 s)] [--no-postgres] [--keep-store (keep the large store's data dir for offline query profiling)] " +
        "[--store-dir DIR (fill the large store into DIR once; later runs with the same DIR reuse it and only query)] " +
        "[--skip-ingest (skip the ingest-throughput part)] " +
        "[--query-postgres (fill and query the large store in a fresh PostgreSQL database instead of SQLite; not with --store-dir)] " +
        "[--layout-experiments (only: what each part of a stored layout costs SQLite, on the same rows)]";

    public static LoadOptions Parse(string[] args)
    {
        var options = new LoadOptions(IngestRows: 20_000, Clients: 4, Spans: 300_000, Queries: 100, Postgres: true);
        for (var i = 0; i < args.Length; i++)
        {
            options = args[i] switch
            {
                "--ingest-rows" => options with { IngestRows = Count(args, ++i, "--ingest-rows", 100, 10_000_000) },
                "--warmup-rows" => options with { WarmupRows = Count(args, ++i, "--warmup-rows", 0, 1_000_000) },
                "--clients" => options with { Clients = Count(args, ++i, "--clients", 1, 64) },
                "--spans" => options with { Spans = Count(args, ++i, "--spans", 1_000, 20_000_000) },
                "--queries" => options with { Queries = Count(args, ++i, "--queries", 10, 100_000) },
                "--no-postgres" => options with { Postgres = false },
                "--keep-store" => options with { KeepStore = true },
                "--store-dir" => options with { StoreDir = Text(args, ++i, "--store-dir") },
                "--skip-ingest" => options with { SkipIngest = true },
                "--layout-experiments" => options with { LayoutExperiments = true },
                "--query-postgres" => options with { QueryPostgres = true },
                _ => throw new ArgumentException($"unknown option '{args[i]}'. {Usage}"),
            };
        }
        if (options.QueryPostgres && options.StoreDir is not null)
        {
            // A PostgreSQL store lives in the load program's own cluster, which is gone after the run: nothing to reuse.
            throw new ArgumentException($"--query-postgres cannot reuse a --store-dir. {Usage}");
        }
        return options;
    }

    private static string Text(string[] args, int index, string name) =>
        index < args.Length && args[index].Length > 0 ? args[index] : throw new ArgumentException($"{name} needs a value. {Usage}");

    private static int Count(string[] args, int index, string name, int min, int max)
    {
        if (index >= args.Length || !int.TryParse(args[index], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw new ArgumentException($"{name} needs a whole number. {Usage}");
        }
        if (value < min || value > max)
        {
            throw new ArgumentException($"{name} must be between {min} and {max}, was {value}");
        }
        return value;
    }
}

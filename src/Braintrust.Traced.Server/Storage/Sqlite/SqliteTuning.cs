namespace Braintrust.Traced.Server.Storage.Sqlite;

/// <summary>
/// Connection settings, in one place because they trade memory for speed and durability for nothing.
/// Every connection commits with synchronous=FULL (a 2xx means the rows reached the disk). Readers map the file
/// (mmap) so index probes are memory reads instead of pread calls; the single writer keeps a large page cache,
/// because ingest dirties pages all over the id indexes and SQLite's default 2 MB cache made each probe a syscall.
/// Both are fixed sizes, so the server's memory stays bounded however large the database grows.
/// </summary>
internal static class SqliteTuning
{
    /// <summary>Pages mapped per connection (shared OS page cache, not private memory).</summary>
    public const long MmapBytes = 256L * 1024 * 1024;

    /// <summary>
    /// The writer's private page cache, in KiB (negative cache_size = KiB). Not larger: every commit ends with SQLite
    /// truncating the page cache to the database size (<c>pcache1TruncateUnsafe</c> from <c>pager_end_transaction</c>),
    /// which with 128 MB was the largest single function in the server's profile (~5 % of its CPU, walking the cache's
    /// hash table); 32 MB measured less CPU a row (docs/performance.md, fifth pass).
    /// </summary>
    public const int WriterCacheKib = 32 * 1024;

    /// <summary>Each reader's private page cache, in KiB; small because reads mostly hit the mapped file.</summary>
    public const int ReaderCacheKib = 8 * 1024;

    /// <summary>WAL pages between automatic checkpoints (default 1000): fewer, larger checkpoints during ingest.</summary>
    public const int WalAutocheckpointPages = 8000;

    /// <summary>Groups between <c>PRAGMA optimize</c> runs, which refresh the planner's statistics as the store grows.</summary>
    public const int GroupsPerOptimize = 200;

    public static string CommonPragmas(int cacheKib)
        => "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000; PRAGMA temp_store=MEMORY; " +
           $"PRAGMA mmap_size={MmapBytes}; PRAGMA cache_size=-{cacheKib};";

    /// <summary>
    /// Extra writer settings. analysis_limit keeps every ANALYZE that optimize decides on to a bounded sample, so
    /// refreshing statistics never stalls ingest on a big table.
    /// </summary>
    public static string WriterPragmas
        => CommonPragmas(WriterCacheKib) + $" PRAGMA wal_autocheckpoint={WalAutocheckpointPages}; PRAGMA analysis_limit=1000;";
}

using Microsoft.Data.Sqlite;

namespace Braintrust.Traced.Server.Proxy.Cache;

/// <summary>
/// The default cache: a proxy-owned table in the server's SQLite file. Cache writes are not worth an fsync each
/// (a lost entry is only a future miss), so this connection commits with synchronous=NORMAL; the server's own
/// span writes keep their FULL durability on their own connections.
/// </summary>
internal sealed class SqliteProxyCache(string databasePath, TimeProvider time) : IProxyCache
{
    private const int PurgeEveryWrites = 256;
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = Path.GetFullPath(databasePath),
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();
    private int _writes;

    public string Description => "SQLite (server database)";

    public async Task InitializeAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        foreach (var (version, sql) in ProxyCacheMigrations.Sqlite)
        {
            await using var tx = connection.BeginTransaction();
            await using var check = connection.CreateCommand();
            check.Transaction = tx;
            check.CommandText = $"CREATE TABLE IF NOT EXISTS {ProxyCacheMigrations.VersionTable} (version INTEGER PRIMARY KEY, applied TEXT NOT NULL);"
                                + $"SELECT COUNT(*) FROM {ProxyCacheMigrations.VersionTable} WHERE version = $v";
            check.Parameters.AddWithValue("$v", version);
            if (Convert.ToInt64(await check.ExecuteScalarAsync(ct)) > 0)
            {
                continue;
            }
            await using var step = connection.CreateCommand();
            step.Transaction = tx;
            step.CommandText = sql + $"; INSERT INTO {ProxyCacheMigrations.VersionTable} (version, applied) VALUES ($v, $t)";
            step.Parameters.AddWithValue("$v", version);
            step.Parameters.AddWithValue("$t", time.GetUtcNow().ToString("O"));
            await step.ExecuteNonQueryAsync(ct);
            await tx.CommitAsync(ct);
        }
    }

    public async Task<CachedResponse?> GetAsync(string key, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM proxy_cache WHERE key = $k";
        command.Parameters.AddWithValue("$k", key);
        return await command.ExecuteScalarAsync(ct) is byte[] value ? CachedResponseCodec.Decode(value, time.GetUtcNow()) : null;
    }

    public async Task SetAsync(string key, string orgId, CachedResponse response, TimeSpan ttl, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var expires = now + ttl;
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO proxy_cache (key, org_id, value, expires_ms) VALUES ($k, $o, $v, $e)
            ON CONFLICT (key) DO UPDATE SET org_id = excluded.org_id, value = excluded.value, expires_ms = excluded.expires_ms
            """;
        command.Parameters.AddWithValue("$k", key);
        command.Parameters.AddWithValue("$o", orgId);
        command.Parameters.AddWithValue("$v", CachedResponseCodec.Encode(response, expires));
        command.Parameters.AddWithValue("$e", expires.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(ct);
        if (Interlocked.Increment(ref _writes) % PurgeEveryWrites == 0)
        {
            // Expired entries are never served (the value carries its expiry); this only reclaims their space.
            await using var purge = connection.CreateCommand();
            purge.CommandText = "DELETE FROM proxy_cache WHERE expires_ms <= $now";
            purge.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            await purge.ExecuteNonQueryAsync(ct);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA busy_timeout=10000; PRAGMA synchronous=NORMAL;";
        await pragma.ExecuteNonQueryAsync(ct);
        return connection;
    }
}

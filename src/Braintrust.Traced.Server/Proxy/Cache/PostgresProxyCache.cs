using Npgsql;

namespace Braintrust.Traced.Server.Proxy.Cache;

/// <summary>The cache as a proxy-owned table in the server's PostgreSQL database (shared by every server instance).</summary>
internal sealed class PostgresProxyCache(string connectionString, TimeProvider time) : IProxyCache
{
    private const int PurgeEveryWrites = 256;
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);
    private int _writes;

    public string Description => "PostgreSQL (server database)";

    public async Task InitializeAsync(CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using (var table = new NpgsqlCommand(
            $"CREATE TABLE IF NOT EXISTS {ProxyCacheMigrations.VersionTable} (version INTEGER PRIMARY KEY, applied TIMESTAMPTZ NOT NULL)", connection))
        {
            await table.ExecuteNonQueryAsync(ct);
        }
        foreach (var (version, sql) in ProxyCacheMigrations.Postgres)
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            // Several instances may start at once: the advisory lock makes the check-and-apply one step.
            await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(7218403)", connection, tx))
            {
                await lockCommand.ExecuteNonQueryAsync(ct);
            }
            await using var check = new NpgsqlCommand($"SELECT COUNT(*) FROM {ProxyCacheMigrations.VersionTable} WHERE version = @v", connection, tx);
            check.Parameters.AddWithValue("v", version);
            if (Convert.ToInt64(await check.ExecuteScalarAsync(ct)) > 0)
            {
                await tx.RollbackAsync(ct);
                continue;
            }
            await using (var step = new NpgsqlCommand(sql, connection, tx))
            {
                await step.ExecuteNonQueryAsync(ct);
            }
            await using (var record = new NpgsqlCommand($"INSERT INTO {ProxyCacheMigrations.VersionTable} (version, applied) VALUES (@v, now())", connection, tx))
            {
                record.Parameters.AddWithValue("v", version);
                await record.ExecuteNonQueryAsync(ct);
            }
            await tx.CommitAsync(ct);
        }
    }

    public async Task<CachedResponse?> GetAsync(string key, CancellationToken ct)
    {
        await using var command = _dataSource.CreateCommand("SELECT value FROM proxy_cache WHERE key = @k");
        command.Parameters.AddWithValue("k", key);
        return await command.ExecuteScalarAsync(ct) is byte[] value ? CachedResponseCodec.Decode(value, time.GetUtcNow()) : null;
    }

    public async Task SetAsync(string key, string orgId, CachedResponse response, TimeSpan ttl, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var expires = now + ttl;
        await using var command = _dataSource.CreateCommand("""
            INSERT INTO proxy_cache (key, org_id, value, expires_ms) VALUES (@k, @o, @v, @e)
            ON CONFLICT (key) DO UPDATE SET org_id = excluded.org_id, value = excluded.value, expires_ms = excluded.expires_ms
            """);
        command.Parameters.AddWithValue("k", key);
        command.Parameters.AddWithValue("o", orgId);
        command.Parameters.AddWithValue("v", CachedResponseCodec.Encode(response, expires));
        command.Parameters.AddWithValue("e", expires.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(ct);
        if (Interlocked.Increment(ref _writes) % PurgeEveryWrites == 0)
        {
            await using var purge = _dataSource.CreateCommand("DELETE FROM proxy_cache WHERE expires_ms <= @now");
            purge.Parameters.AddWithValue("now", now.ToUnixTimeMilliseconds());
            await purge.ExecuteNonQueryAsync(ct);
        }
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}

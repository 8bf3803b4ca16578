using Npgsql;
using NpgsqlTypes;

namespace Braintrust.Traced.Server.Storage.Postgres;

/// <summary>
/// The scale-out backend: PostgreSQL through Npgsql, JSONB documents, GIN full-text index filled after the commit
/// (<see cref="PostgresSearchIndexer"/>). Same behaviour as
/// <see cref="Sqlite.SqliteStore"/>; the storage test suite runs against both.
/// </summary>
public sealed partial class PostgresStore : DbStore, IStore
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _description;
    private readonly GroupCommitQueue _writes;
    private readonly PostgresSearchIndexer _search;
    private readonly TimeProvider _time;

    /// <param name="time">The clock whose time of each commit becomes the written spans' <c>last_heard</c>.</param>
    public PostgresStore(string connectionString, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        _description = $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}";
        // Automatic preparation: the ingest and query statements repeat with new parameters, so PostgreSQL plans
        // them once per connection instead of once per call (unless the connection string already says otherwise).
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        _search = new PostgresSearchIndexer(_dataSource);
        _writes = new GroupCommitQueue(CommitGroupAsync);
    }

    private protected override async Task<System.Data.Common.DbConnection> OpenConnectionAsync(CancellationToken ct) => await _dataSource.OpenConnectionAsync(ct);

    public string Description => _description;

    public async Task MigrateAsync(CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        // Several servers may start at once against one database: one migrates, the others wait.
        await ExecuteAsync(connection, tx, "SELECT pg_advisory_xact_lock(727100001)", ct);
        await ExecuteAsync(connection, tx,
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied TEXT NOT NULL)", ct);
        foreach (var (version, sql) in PostgresMigrations.Steps)
        {
            await using var check = Command(connection, "SELECT COUNT(*) FROM schema_migrations WHERE version = @v", ("v", version));
            check.Transaction = tx;
            if (Convert.ToInt64(await check.ExecuteScalarAsync(ct)) > 0)
            {
                continue;
            }
            await ExecuteAsync(connection, tx, sql, ct);
            if (PostgresMigrations.Backfills.TryGetValue(version, out var backfill))
            {
                await backfill(connection, tx, ct);
            }
            await using var record = Command(connection, "INSERT INTO schema_migrations (version, applied) VALUES (@v, @t)",
                ("v", version), ("t", AccountRowReader.Text(DateTimeOffset.UtcNow)));
            record.Transaction = tx;
            await record.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        _search.Start();
    }

    public async ValueTask DisposeAsync()
    {
        // Batches already queued are committed before the store closes (graceful shutdown).
        await _writes.DisposeAsync();
        // Spans not indexed yet stay above the stored watermark: the next start indexes them.
        await _search.DisposeAsync();
        await _dataSource.DisposeAsync();
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(value switch
            {
                // Untyped NULLs confuse PostgreSQL's type inference; text is what every nullable parameter here is.
                null => new NpgsqlParameter(name, NpgsqlDbType.Text) { Value = DBNull.Value },
                double d => new NpgsqlParameter(name, NpgsqlDbType.Double) { Value = d },
                _ => new NpgsqlParameter(name, value),
            });
        }
        return command;
    }

    private static NpgsqlParameter NullableDouble(string name, double? value)
        => new(name, NpgsqlDbType.Double) { Value = value is { } v ? v : DBNull.Value };
}

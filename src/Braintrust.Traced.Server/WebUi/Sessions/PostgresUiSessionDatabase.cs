using System.Data.Common;
using Npgsql;

namespace Braintrust.Traced.Server.WebUi.Sessions;

/// <summary>
/// Sessions in the server's PostgreSQL database: every server instance on that database sees the same sessions,
/// so a browser signed in through one instance is signed in on all of them.
/// </summary>
internal sealed class PostgresUiSessionDatabase(string connectionString) : UiSessionDatabase
{
    // Distinct from the proxy cache's lock id: the two migration sets never wait on each other.
    private const long MigrationLockId = 7218404;
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    public override async Task<DbConnection> OpenAsync(CancellationToken ct) => await _dataSource.OpenConnectionAsync(ct);

    public override async Task MigrateAsync(CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await ExecuteAsync(connection, null,
            $"CREATE TABLE IF NOT EXISTS {UiSessionMigrations.VersionTable} (version INTEGER PRIMARY KEY, applied TIMESTAMPTZ NOT NULL)", ct);
        foreach (var (version, sql) in UiSessionMigrations.Steps)
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            // Several instances may start at once: the advisory lock makes the check-and-apply one step.
            await ExecuteAsync(connection, tx, $"SELECT pg_advisory_xact_lock({MigrationLockId})", ct);
            if (await ScalarAsync(connection, tx, $"SELECT COUNT(*) FROM {UiSessionMigrations.VersionTable} WHERE version = @v", ct, ("v", version)) > 0)
            {
                await tx.RollbackAsync(ct);
                continue;
            }
            await ExecuteAsync(connection, tx, sql, ct);
            await ExecuteAsync(connection, tx, $"INSERT INTO {UiSessionMigrations.VersionTable} (version, applied) VALUES (@v, now())", ct, ("v", version));
            await tx.CommitAsync(ct);
        }
    }

    public override ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}

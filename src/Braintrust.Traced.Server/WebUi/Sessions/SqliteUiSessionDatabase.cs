using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Braintrust.Traced.Server.WebUi.Sessions;

/// <summary>Sessions in the server's SQLite file, in tables of their own (the span store never touches them).</summary>
internal sealed class SqliteUiSessionDatabase(string databasePath) : UiSessionDatabase
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = Path.GetFullPath(databasePath),
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    public override async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        // NORMAL in WAL mode: a commit survives a process crash; losing the last session write to a power cut only
        // means signing in again. busy_timeout waits for the span store's writer instead of failing.
        await ExecuteAsync(connection, null, "PRAGMA busy_timeout=10000; PRAGMA synchronous=NORMAL;", ct);
        return connection;
    }

    public override async Task MigrateAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(new SqliteConnectionStringBuilder(_connectionString).DataSource))!);
        await using var connection = await OpenAsync(ct);
        await ExecuteAsync(connection, null,
            $"CREATE TABLE IF NOT EXISTS {UiSessionMigrations.VersionTable} (version INTEGER PRIMARY KEY, applied TEXT NOT NULL)", ct);
        foreach (var (version, sql) in UiSessionMigrations.Steps)
        {
            // BEGIN IMMEDIATE (the provider's default for a write transaction) serializes two processes migrating at once.
            await using var tx = await connection.BeginTransactionAsync(ct);
            if (await ScalarAsync(connection, tx, $"SELECT COUNT(*) FROM {UiSessionMigrations.VersionTable} WHERE version = @v", ct, ("@v", version)) > 0)
            {
                continue;
            }
            await ExecuteAsync(connection, tx, sql, ct);
            await ExecuteAsync(connection, tx, $"INSERT INTO {UiSessionMigrations.VersionTable} (version, applied) VALUES (@v, @t)", ct,
                ("@v", version), ("@t", DateTimeOffset.UtcNow.ToString("O")));
            await tx.CommitAsync(ct);
        }
    }
}

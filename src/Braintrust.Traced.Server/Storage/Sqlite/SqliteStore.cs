using Microsoft.Data.Sqlite;

namespace Braintrust.Traced.Server.Storage.Sqlite;

/// <summary>
/// The embedded default backend: one SQLite file in WAL mode. Writes go through one in-process writer with group
/// commit (SQLite has a single writer anyway; queuing here avoids busy-retry storms and shares fsyncs between
/// concurrent requests), committed with synchronous=FULL, so a returned write has reached the disk.
/// </summary>
public sealed partial class SqliteStore : IStore
{
    private readonly string _connectionString;
    private readonly GroupCommitQueue _writes;

    public SqliteStore(string databasePath)
    {
        DatabasePath = Path.GetFullPath(databasePath);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        _writes = new GroupCommitQueue(CommitGroupAsync);
    }

    public string DatabasePath { get; }

    public string Description => $"SQLite file {DatabasePath}";

    public async Task MigrateAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        await using var connection = await OpenAsync(ct);
        await ExecuteAsync(connection, "PRAGMA journal_mode=WAL;", ct);
        await ExecuteAsync(connection,
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied TEXT NOT NULL);", ct);
        foreach (var (version, sql) in SqliteMigrations.Steps)
        {
            await using var tx = connection.BeginTransaction();
            await using var check = connection.CreateCommand();
            check.Transaction = tx;
            check.CommandText = "SELECT COUNT(*) FROM schema_migrations WHERE version = $v";
            check.Parameters.AddWithValue("$v", version);
            if (Convert.ToInt64(await check.ExecuteScalarAsync(ct)) > 0)
            {
                continue;
            }
            await using var step = connection.CreateCommand();
            step.Transaction = tx;
            step.CommandText = sql;
            await step.ExecuteNonQueryAsync(ct);
            await using var record = connection.CreateCommand();
            record.Transaction = tx;
            record.CommandText = "INSERT INTO schema_migrations (version, applied) VALUES ($v, $t)";
            record.Parameters.AddWithValue("$v", version);
            record.Parameters.AddWithValue("$t", AccountRowReader.Text(DateTimeOffset.UtcNow));
            await record.ExecuteNonQueryAsync(ct);
            await tx.CommitAsync(ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Batches already queued are committed before the store closes (graceful shutdown).
        await _writes.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        // FULL: a commit is fsynced before we answer 2xx. busy_timeout covers other processes (the keys CLI).
        await ExecuteAsync(connection, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000;", ct);
        return connection;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return command;
    }
}

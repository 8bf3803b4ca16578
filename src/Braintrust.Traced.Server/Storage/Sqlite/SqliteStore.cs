using Microsoft.Data.Sqlite;

namespace Braintrust.Traced.Server.Storage.Sqlite;

/// <summary>
/// The embedded default backend: one SQLite file in WAL mode. Writes go through one in-process writer with group
/// commit (SQLite has a single writer anyway; queuing here avoids busy-retry storms and shares fsyncs between
/// concurrent requests), committed with synchronous=FULL, so a returned write has reached the disk.
/// </summary>
public sealed partial class SqliteStore : DbStore, IStore
{
    private readonly string _connectionString;
    private readonly string _writerConnectionString;
    private readonly GroupCommitQueue _writes;

    // The single writer's own connection: its page cache stays warm between groups. Used only by the
    // GroupCommitQueue's consumer (one at a time), opened on the first write, reopened after a failed commit.
    private SqliteConnection? _writer;
    private int _groupsSinceOptimize;
    private readonly SqliteSearchIndexer _searchIndexer = new(TimeProvider.System);
    private readonly TimeProvider _time;

    /// <param name="time">The clock whose time of each commit becomes the written spans' <c>last_heard</c>.</param>
    public SqliteStore(string databasePath, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        DatabasePath = Path.GetFullPath(databasePath);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        // Not pooled: the writer connection lives as long as the store, and a broken one must really close.
        _writerConnectionString = new SqliteConnectionStringBuilder(_connectionString) { Pooling = false }.ToString();
        _writes = new GroupCommitQueue(CommitGroupAsync, IndexSearchAsync, SqliteSearchIndexer.IdleDelay);
    }

    public string DatabasePath { get; }

    private protected override async Task<System.Data.Common.DbConnection> OpenConnectionAsync(CancellationToken ct) => await OpenAsync(ct);

    public string Description => $"SQLite file {DatabasePath}";

    public async Task MigrateAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        await using var connection = await OpenAsync(ct);
        // Version 7 keys the spans already stored; the function exists on this connection only, it is no part of the schema.
        SpanKeys.Register(connection);
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
            if (SqliteMigrations.Backfills.TryGetValue(version, out var backfill))
            {
                await backfill(connection, tx, ct);
            }
            await using var record = connection.CreateCommand();
            record.Transaction = tx;
            record.CommandText = "INSERT INTO schema_migrations (version, applied) VALUES ($v, $t)";
            record.Parameters.AddWithValue("$v", version);
            record.Parameters.AddWithValue("$t", AccountRowReader.Text(DateTimeOffset.UtcNow));
            await record.ExecuteNonQueryAsync(ct);
            await tx.CommitAsync(ct);
        }
        // Statistics for the query planner (bounded sample; cheap when nothing changed).
        await ExecuteAsync(connection, "PRAGMA analysis_limit=1000; PRAGMA optimize=0x10002;", ct);
        // An upgrade may have queued spans for search indexing (version 10 re-queues all) after the writer's first
        // look at the queue, which can run while the steps above are still applied: have it look again.
        _searchIndexer.QueueChangedElsewhere();
        await _writes.WakeAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        // Batches already queued are committed before the store closes (graceful shutdown).
        await _writes.DisposeAsync();
        if (_writer is not null)
        {
            await _writer.DisposeAsync();
        }
        SqliteConnection.ClearAllPools();
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        // FULL: a commit is fsynced before we answer 2xx. busy_timeout covers other processes (the keys CLI).
        await ExecuteAsync(connection, SqliteTuning.CommonPragmas(SqliteTuning.ReaderCacheKib), ct);
        return connection;
    }

    /// <summary>The writer connection (see <see cref="_writer"/>), opened with the writer's settings on first use.</summary>
    private async Task<SqliteConnection> WriterAsync()
    {
        if (_writer is null)
        {
            var connection = new SqliteConnection(_writerConnectionString);
            await connection.OpenAsync();
            await ExecuteAsync(connection, SqliteTuning.WriterPragmas, CancellationToken.None);
            _writer = connection;
        }
        return _writer;
    }

    /// <summary>Deferred full-text indexing, on the writer between commits (see <see cref="SqliteSearchIndexer"/>).</summary>
    private async Task IndexSearchAsync(bool idle) => await _searchIndexer.RunIfDueAsync(await WriterAsync(), idle, () => _writes.HasWaitingWrites);

    private async Task DropWriterAsync()
    {
        if (_writer is not null)
        {
            await _writer.DisposeAsync();
            _writer = null;
        }
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

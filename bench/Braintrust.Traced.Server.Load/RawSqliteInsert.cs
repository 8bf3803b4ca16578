using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Braintrust.Traced.Server.Load;

/// <summary>
/// The baseline: the same rows inserted straight into a SQLite file with Microsoft.Data.Sqlite, 100 per transaction,
/// with the durability the server promises (WAL, synchronous=FULL) and a primary key on the random row id —
/// no HTTP, no parsing, no merging, no secondary or full-text index. The warm-up rows go first into the same file,
/// untimed, so the timed rows meet a table as large as the server's after its own warm-up.
/// </summary>
internal static class RawSqliteInsert
{
    public static TimeSpan Run(IReadOnlyList<(string Id, string Json)> warmup, IReadOnlyList<(string Id, string Json)> rows, int rowsPerTransaction = 100)
    {
        var dir = Directory.CreateTempSubdirectory("bt-raw-sqlite-").FullName;
        try
        {
            using var connection = new SqliteConnection($"Data Source={Path.Combine(dir, "raw.db")};Pooling=False");
            connection.Open();
            BenchSqlite.Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
            BenchSqlite.Execute(connection, "CREATE TABLE rows (id TEXT PRIMARY KEY, data TEXT NOT NULL)");
            Insert(connection, warmup, rowsPerTransaction);
            var started = Stopwatch.GetTimestamp();
            Insert(connection, rows, rowsPerTransaction);
            return Stopwatch.GetElapsedTime(started);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void Insert(SqliteConnection connection, IReadOnlyList<(string Id, string Json)> rows, int rowsPerTransaction)
    {
        for (var first = 0; first < rows.Count; first += rowsPerTransaction)
        {
            using var transaction = connection.BeginTransaction();
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO rows (id, data) VALUES ($id, $data)";
            var id = insert.Parameters.Add("$id", SqliteType.Text);
            var data = insert.Parameters.Add("$data", SqliteType.Text);
            insert.Prepare();
            for (var i = first; i < Math.Min(first + rowsPerTransaction, rows.Count); i++)
            {
                id.Value = rows[i].Id;
                data.Value = rows[i].Json;
                insert.ExecuteNonQuery();
            }
            transaction.Commit();
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Storage;
using Braintrust.Traced.Server.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Braintrust.Traced.Server.Load;

/// <summary>
/// What each part of a stored layout costs SQLite, on the load program's own rows (<c>--layout-experiments</c>): from the
/// raw baseline's two-column table, one step at a time towards what the server stores (a time-ordered row id with a
/// compact key index, more columns, larger transactions as group commit makes them, the full-text index). Each variant
/// gets the warm-up rows first, then the timed rows, in a fresh file with the server's writer settings.
/// </summary>
internal static class SqliteLayoutExperiments
{
    private sealed record Row(string Id, long Key, string Json, string SearchText, object?[] Wide);

    private sealed record Variant(string Name, string Schema, string Insert, Func<Row, object?[]> Values, int RowsPerTransaction, bool FullText = false);

    public static void Run(IReadOnlyList<(string Id, string Json)> timedRows, IReadOnlyList<(string Id, string Json)> warmupRows)
    {
        const string project = "8c2b6f1e-6d7a-4f7e-9a51-3d1c2b4a5e6f";
        var timed = timedRows.Select(r => ToRow(project, r)).ToList();
        var warmup = warmupRows.Select(r => ToRow(project, r)).ToList();
        var wideColumns = string.Join(", ", Enumerable.Range(0, 28).Select(i => $"c{i}"));
        var wideParameters = string.Join(", ", Enumerable.Range(0, 30).Select(i => $"$p{i}"));
        const string compact = "CREATE TABLE t (seq INTEGER PRIMARY KEY, k INTEGER NOT NULL, data TEXT NOT NULL); CREATE INDEX t_k ON t (k);";
        const string compactInsert = "INSERT INTO t (k, data) VALUES ($p0, $p1)";
        Variant[] variants =
        [
            new("raw: text id primary key, data (100/tx)", "CREATE TABLE t (id TEXT PRIMARY KEY, data TEXT NOT NULL);",
                "INSERT INTO t (id, data) VALUES ($p0, $p1)", r => [r.Id, r.Json], 100),
            new("row id in time order + 64-bit key index, data (100/tx)", compact, compactInsert, r => [r.Key, r.Json], 100),
            new("  the same, AUTOINCREMENT + RETURNING seq (100/tx)",
                "CREATE TABLE t (seq INTEGER PRIMARY KEY AUTOINCREMENT, k INTEGER NOT NULL, data TEXT NOT NULL); CREATE INDEX t_k ON t (k);",
                compactInsert + " RETURNING seq", r => [r.Key, r.Json], 100),
            new("  the same, 400 rows a transaction (group commit)", compact, compactInsert, r => [r.Key, r.Json], 400),
            new("  + 28 more columns (100/tx)", $"CREATE TABLE t (seq INTEGER PRIMARY KEY, k INTEGER NOT NULL, data TEXT NOT NULL, {wideColumns}); CREATE INDEX t_k ON t (k);",
                $"INSERT INTO t (k, data, {wideColumns}) VALUES ({wideParameters})", r => r.Wide, 100),
            new("  + full text (FTS5 detail=none, 5,000 spans a transaction) (100/tx)", compact, compactInsert, r => [r.Key, r.Json], 100, FullText: true),
            new("  + full text, 400 rows a transaction", compact, compactInsert, r => [r.Key, r.Json], 400, FullText: true),
        ];
        Console.WriteLine($"| SQLite layout ({timed.Count:N0} rows of the load program, after {warmup.Count:N0} warm-up rows) | rows/s | µs a row |");
        Console.WriteLine("|---|---:|---:|");
        foreach (var variant in variants)
        {
            var elapsed = Measure(variant, warmup, timed);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {variant.Name} | {timed.Count / elapsed.TotalSeconds:N0} | {elapsed.TotalMicroseconds / timed.Count:N1} |"));
        }
    }

    private static Row ToRow(string project, (string Id, string Json) row)
    {
        var data = JsonNode.Parse(row.Json)!.AsObject();
        var columns = SpanColumns.From(data);
        // Values shaped like the server's columns: integers, reals and short texts.
        var wide = new object?[30];
        wide[0] = SpanKeys.Of(project, row.Id);
        wide[1] = row.Json;
        for (var i = 2; i < wide.Length; i++)
        {
            wide[i] = (i % 3) switch { 0 => columns.SortTs + i, 1 => (long)i, _ => columns.SpanId };
        }
        return new Row(row.Id, SpanKeys.Of(project, row.Id)!.Value, row.Json, columns.SearchText, wide);
    }

    private static TimeSpan Measure(Variant variant, List<Row> warmup, List<Row> timed)
    {
        var dir = Directory.CreateTempSubdirectory("bt-layout-").FullName;
        try
        {
            using var connection = new SqliteConnection($"Data Source={Path.Combine(dir, "layout.db")};Pooling=False");
            connection.Open();
            BenchSqlite.Execute(connection, "PRAGMA journal_mode=WAL; " + SqliteTuning.WriterPragmas);
            BenchSqlite.Execute(connection, variant.Schema);
            if (variant.FullText)
            {
                BenchSqlite.Execute(connection, "CREATE VIRTUAL TABLE t_fts USING fts5 (body, tokenize = 'unicode61', content = '', contentless_delete = 1, detail = none);");
            }
            Store(connection, variant, warmup);
            var started = Stopwatch.GetTimestamp();
            Store(connection, variant, timed);
            return Stopwatch.GetElapsedTime(started);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void Store(SqliteConnection connection, Variant variant, List<Row> rows)
    {
        var texts = new List<(long Seq, string Text)>();
        for (var first = 0; first < rows.Count; first += variant.RowsPerTransaction)
        {
            using (var tx = connection.BeginTransaction())
            {
                using var insert = connection.CreateCommand();
                insert.Transaction = tx;
                insert.CommandText = variant.Insert;
                var parameters = Enumerable.Range(0, variant.Values(rows[first]).Length)
                    .Select(i => insert.Parameters.AddWithValue($"$p{i}", DBNull.Value)).ToArray();
                insert.Prepare();
                for (var i = first; i < Math.Min(first + variant.RowsPerTransaction, rows.Count); i++)
                {
                    var values = variant.Values(rows[i]);
                    for (var p = 0; p < parameters.Length; p++)
                    {
                        parameters[p].Value = values[p] ?? DBNull.Value;
                    }
                    insert.ExecuteNonQuery();
                    if (variant.FullText)
                    {
                        texts.Add((SQLitePCL.raw.sqlite3_last_insert_rowid(connection.Handle), rows[i].SearchText));
                    }
                }
                tx.Commit();
            }
            if (texts.Count >= 5000 || (texts.Count > 0 && first + variant.RowsPerTransaction >= rows.Count))
            {
                BenchSqlite.IndexFullText(connection, "t_fts", texts);
            }
        }
    }
}

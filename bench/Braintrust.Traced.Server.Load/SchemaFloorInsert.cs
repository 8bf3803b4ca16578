using System.Diagnostics;
using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Storage;
using Braintrust.Traced.Server.Storage.Postgres;
using Braintrust.Traced.Server.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Braintrust.Traced.Server.Load;

/// <summary>
/// The floor under the server's SQLite ingest: the same rows stored straight into the server's own schema (its
/// migrations, its writer settings), 100 per transaction like the raw baseline (or as many as the server's group commit
/// puts in one transaction when every client's request waits: clients × 100), with every column, compact key and
/// trace roll-up computed before the clock starts, and the full-text index filled 5,000 spans per transaction the way
/// the server's indexer does. No HTTP, no JSON parsing, no merging, no uniqueness probe: only what the stored layout
/// itself costs (the indexes and full text that the query goals need) at 100 rows a commit. The server's group commit
/// can put more rows in one commit, sharing each dirtied index page among them, and then beats this figure.
/// </summary>
internal static class SchemaFloorInsert
{
    private const int FullTextBatch = 5000;

    /// <param name="warmup">Rows stored first, untimed, into the same database: the timed rows meet indexes as large as the
    /// server's do after its own warm-up (an empty database's indexes take fewer pages, so each commit dirties fewer).</param>
    public static async Task<TimeSpan> RunAsync(IReadOnlyList<(string Id, string Json)> warmup, IReadOnlyList<(string Id, string Json)> rows,
        string projectId, bool fullText, int rowsPerTransaction = 100)
    {
        var dir = Directory.CreateTempSubdirectory("bt-floor-sqlite-").FullName;
        try
        {
            var path = Path.Combine(dir, "floor.db");
            await using (var store = new SqliteStore(path))
            {
                await store.MigrateAsync(CancellationToken.None);
            }
            var warmupRows = PrepareAll(warmup, projectId);
            var timedRows = PrepareAll(rows, projectId);
            using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
            connection.Open();
            BenchSqlite.Execute(connection, "PRAGMA journal_mode=WAL; " + SqliteTuning.WriterPragmas);
            InsertAll(connection, warmupRows, fullText, rowsPerTransaction);
            var started = Stopwatch.GetTimestamp();
            InsertAll(connection, timedRows, fullText, rowsPerTransaction);
            return Stopwatch.GetElapsedTime(started);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static List<FloorRow> PrepareAll(IReadOnlyList<(string Id, string Json)> rows, string projectId)
    {
        var prepared = rows.Select(r => Prepare(projectId, r.Json)).ToList();
        AddRollups(prepared);
        return prepared;
    }

    private static void InsertAll(SqliteConnection connection, List<FloorRow> prepared, bool fullText, int rowsPerTransaction)
    {
        var texts = new List<(long Seq, string Text)>(FullTextBatch);
        for (var first = 0; first < prepared.Count; first += rowsPerTransaction)
        {
            using (var tx = connection.BeginTransaction())
            {
                using var xact = Command(connection, tx, "UPDATE counters SET value = value + 1 WHERE name = 'xact' RETURNING value");
                var xactId = Convert.ToInt64(xact.ExecuteScalar());
                using var insert = Command(connection, tx, InsertSql);
                // No declared type: each value binds as what it is (integer, real, text, null), as the server binds them.
                var parameters = ParameterNames.Select(n => insert.Parameters.AddWithValue(n, DBNull.Value)).ToArray();
                insert.Prepare();
                for (var i = first; i < Math.Min(first + rowsPerTransaction, prepared.Count); i++)
                {
                    var values = prepared[i].Values;
                    values[3] = xactId;
                    for (var p = 0; p < parameters.Length; p++)
                    {
                        parameters[p].Value = values[p] ?? DBNull.Value;
                    }
                    var seq = Convert.ToInt64(insert.ExecuteScalar());
                    texts.Add((seq, prepared[i].Columns.SearchText));
                }
                tx.Commit();
            }
            if (fullText && (texts.Count >= FullTextBatch || first + rowsPerTransaction >= prepared.Count))
            {
                BenchSqlite.IndexFullText(connection, "spans_fts", texts, "UPDATE search_state SET indexed_seq = $last WHERE id = 1");
            }
            if (!fullText)
            {
                texts.Clear();
            }
        }
    }

    private static readonly string[] ColumnNames =
    [
        "project_id", "log_id", "id", "xact_id", "is_partial", "is_visible", "span_id", "root_span_id", "parent_span_id", "is_root",
        "name", "span_type", "start_ts", "end_ts", "sort_ts", "has_error", "prompt_tokens", "completion_tokens", "tokens", "created",
        "data", "sort_duration", "sort_name", "row_key", "span_key", "trace_key",
        "trace_span_count", "trace_has_error", "trace_prompt_tokens", "trace_completion_tokens", "trace_tokens",
    ];

    private static readonly string[] ParameterNames = ColumnNames.Select(c => "$" + c).ToArray();

    private static readonly string InsertSql =
        $"INSERT INTO spans ({string.Join(", ", ColumnNames)}) VALUES ({string.Join(", ", ParameterNames)}) RETURNING seq";

    private sealed record FloorRow(object?[] Values, string ProjectId, string Id, SpanColumns Columns);

    private static FloorRow Prepare(string projectId, string json)
    {
        var data = JsonNode.Parse(json)!.AsObject();
        var id = data["id"]!.GetValue<string>();
        data.Remove("project_id");
        var columns = SpanColumns.From(data);
        var spanKey = columns.SpanId == id ? null : SpanKeys.Of(projectId, columns.SpanId);
        object?[] values =
        [
            projectId, "g", id, 0L, 0, columns.IsVisible ? 1 : 0, columns.SpanId, columns.RootSpanId, columns.ParentSpanId, columns.IsRoot ? 1 : 0,
            columns.Name, columns.SpanType, columns.Start, columns.End, columns.SortTs, columns.HasError ? 1 : 0, columns.PromptTokens,
            columns.CompletionTokens, columns.Tokens, columns.Created, data.ToJsonString(), columns.SortDuration, columns.SortName,
            SpanKeys.Of(projectId, id), spanKey, SpanKeys.Of(projectId, columns.RootSpanId),
            0, 0, 0.0, 0.0, 0.0,
        ];
        return new FloorRow(values, projectId, id, columns);
    }

    /// <summary>The root row carries its trace's roll-ups from its first insert (the whole trace is in one request), as the server computes them.</summary>
    private static void AddRollups(List<FloorRow> rows)
    {
        var rollups = GroupRollups.Of(rows.Select(r => (r.ProjectId, "g", r.Id)).ToList(), rows.Select(r => r.Columns).ToList());
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].Columns.IsRoot)
            {
                var (values, r) = (rows[i].Values, rollups[i]);
                (values[26], values[27], values[28], values[29], values[30]) = (r.SpanCount, r.HasError ? 1 : 0, r.PromptTokens, r.CompletionTokens, r.Tokens);
            }
        }
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction tx, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        return command;
    }
}

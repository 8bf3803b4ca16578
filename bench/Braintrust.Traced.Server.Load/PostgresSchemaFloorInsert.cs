using System.Diagnostics;
using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Storage;
using Braintrust.Traced.Server.Storage.Postgres;
using Npgsql;
using NpgsqlTypes;

namespace Braintrust.Traced.Server.Load;

/// <summary>
/// The floor under the server's PostgreSQL ingest, as <see cref="SchemaFloorInsert"/> is for SQLite: the same rows
/// stored straight into the server's own schema (its migrations, on a fresh database of the load program's cluster),
/// with every column, document and trace roll-up computed before the clock starts, loaded the fastest honest way —
/// binary COPY of 100 rows per transaction, each transaction taking its id from the counter row as the server's do
/// (so the live-stream trigger fires too) — and the full-text work the server's indexer does for the same rows
/// (<c>to_tsvector</c> into <c>span_search</c>, 5,000 spans per transaction, with the watermark), on a second
/// connection beside the inserts as in the server, so the two use both cores as the server's two backends can. No HTTP, no JSON
/// parsing, no merging, no uniqueness probe and no roll-up update: only what the stored layout itself costs.
/// </summary>
internal static class PostgresSchemaFloorInsert
{
    private const int RowsPerTransaction = 100;

    /// <param name="FullTextDatabaseCpu">The part of <paramref name="DatabaseCpu"/> spent by the full-text connection's backend.</param>
    public sealed record Result(TimeSpan Elapsed, TimeSpan? DatabaseCpu, TimeSpan? FullTextDatabaseCpu);

    public static async Task<Result> RunAsync(string connectionString, IReadOnlyList<(string Id, string Json)> rows, string projectId)
    {
        await using (var store = new PostgresStore(connectionString))
        {
            await store.MigrateAsync(CancellationToken.None);
        }
        var prepared = rows.Select((r, i) => Prepare(projectId, r.Json, seq: i + 1)).ToList();
        AddRollups(prepared);
        var port = new NpgsqlConnectionStringBuilder(connectionString).Port;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        // The full text runs on a second connection beside the inserts, one batch at a time, as the server's indexer does.
        await using var indexer = new NpgsqlConnection(connectionString);
        await indexer.OpenAsync();
        var cpuBefore = PostgresCpu.Read(port);
        var indexerCpuBefore = BackendCpu(indexer.ProcessID);
        var started = Stopwatch.GetTimestamp();
        var indexedThrough = 0;
        var indexing = Task.CompletedTask;
        for (var first = 0; first < prepared.Count; first += RowsPerTransaction)
        {
            var chunk = prepared.Skip(first).Take(RowsPerTransaction).ToList();
            await using (var tx = await connection.BeginTransactionAsync())
            {
                await using var xact = new NpgsqlCommand("UPDATE counters SET value = value + 1 WHERE name = 'xact' RETURNING value", connection, tx);
                var xactId = (long)(await xact.ExecuteScalarAsync())!;
                await CopyAsync(connection, chunk, xactId);
                await tx.CommitAsync();
            }
            var loaded = first + chunk.Count;
            if (loaded - indexedThrough >= PostgresSearchIndexer.BatchRows || loaded == prepared.Count)
            {
                await indexing;
                indexing = IndexFullTextAsync(indexer, prepared.Skip(indexedThrough).Take(loaded - indexedThrough).ToList());
                indexedThrough = loaded;
            }
        }
        await indexing;
        var elapsed = Stopwatch.GetElapsedTime(started);
        var cpuAfter = PostgresCpu.Read(port);
        var indexerCpu = BackendCpu(indexer.ProcessID) is { } indexerCpuAfter && indexerCpuBefore is { } i0 ? indexerCpuAfter - i0 : (TimeSpan?)null;
        return new Result(elapsed, cpuBefore is { } b && cpuAfter is { } a ? a - b : null, indexerCpu);
    }

    /// <summary>CPU time (user + system) of one PostgreSQL backend so far, from /proc; null where there is none.</summary>
    private static TimeSpan? BackendCpu(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th of them.
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            return TimeSpan.FromSeconds((long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture)
                                         + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) / 100.0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static readonly string[] ColumnNames =
    [
        "seq", "project_id", "log_id", "id", "xact_id", "is_partial", "is_visible", "span_id", "root_span_id", "parent_span_id", "is_root",
        "name", "span_type", "start_ts", "end_ts", "sort_ts", "has_error", "prompt_tokens", "completion_tokens", "tokens", "created",
        "data", "sort_duration", "sort_name", "trace_span_count", "trace_has_error", "trace_prompt_tokens", "trace_completion_tokens", "trace_tokens",
    ];

    private static async Task CopyAsync(NpgsqlConnection connection, List<FloorRow> rows, long xactId)
    {
        await using var copy = await connection.BeginBinaryImportAsync($"COPY spans ({string.Join(", ", ColumnNames)}) FROM STDIN (FORMAT BINARY)");
        foreach (var row in rows)
        {
            var c = row.Columns;
            await copy.StartRowAsync();
            await copy.WriteAsync(row.Seq, NpgsqlDbType.Bigint);
            await copy.WriteAsync(row.ProjectId, NpgsqlDbType.Text);
            await copy.WriteAsync("g", NpgsqlDbType.Text);
            await copy.WriteAsync(row.Id, NpgsqlDbType.Text);
            await copy.WriteAsync(xactId, NpgsqlDbType.Bigint);
            await copy.WriteAsync(false, NpgsqlDbType.Boolean);
            await copy.WriteAsync(c.IsVisible, NpgsqlDbType.Boolean);
            await WriteTextAsync(copy, c.SpanId);
            await WriteTextAsync(copy, c.RootSpanId);
            await WriteTextAsync(copy, c.ParentSpanId);
            await copy.WriteAsync(c.IsRoot, NpgsqlDbType.Boolean);
            await WriteTextAsync(copy, c.Name);
            await WriteTextAsync(copy, c.SpanType);
            await WriteDoubleAsync(copy, c.Start);
            await WriteDoubleAsync(copy, c.End);
            await copy.WriteAsync(c.SortTs, NpgsqlDbType.Double);
            await copy.WriteAsync(c.HasError, NpgsqlDbType.Boolean);
            await WriteDoubleAsync(copy, c.PromptTokens);
            await WriteDoubleAsync(copy, c.CompletionTokens);
            await WriteDoubleAsync(copy, c.Tokens);
            await copy.WriteAsync(c.Created, NpgsqlDbType.Text);
            await copy.WriteAsync(row.Json, NpgsqlDbType.Jsonb);
            await copy.WriteAsync(c.SortDuration, NpgsqlDbType.Double);
            await copy.WriteAsync(c.SortName, NpgsqlDbType.Text);
            await copy.WriteAsync(row.Rollups.SpanCount, NpgsqlDbType.Bigint);
            await copy.WriteAsync(row.Rollups.HasError, NpgsqlDbType.Boolean);
            await copy.WriteAsync(row.Rollups.PromptTokens, NpgsqlDbType.Double);
            await copy.WriteAsync(row.Rollups.CompletionTokens, NpgsqlDbType.Double);
            await copy.WriteAsync(row.Rollups.Tokens, NpgsqlDbType.Double);
        }
        await copy.CompleteAsync();
    }

    /// <summary>What the server's indexer does for a batch it finds in memory: vectors in one statement, then the watermark.</summary>
    private static async Task IndexFullTextAsync(NpgsqlConnection connection, List<FloorRow> rows)
    {
        var withText = rows.Where(r => r.Columns.IsVisible && r.Columns.SearchText.Length > 0).ToList();
        await using var tx = await connection.BeginTransactionAsync();
        await using (var insert = new NpgsqlCommand(
            "INSERT INTO span_search (seq, search) SELECT u.seq, to_tsvector('simple', u.body) FROM unnest(@seqs, @bodies) AS u(seq, body)",
            connection, tx))
        {
            insert.Parameters.Add(new NpgsqlParameter("seqs", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = withText.Select(r => r.Seq).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter("bodies", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = withText.Select(r => r.Columns.SearchText).ToArray() });
            await insert.ExecuteNonQueryAsync();
        }
        await using (var mark = new NpgsqlCommand(
            "UPDATE counters SET value = (SELECT value FROM counters WHERE name = 'xact') WHERE name = 'search_xact'", connection, tx))
        {
            await mark.ExecuteNonQueryAsync();
        }
        await tx.CommitAsync();
    }

    private static Task WriteTextAsync(NpgsqlBinaryImporter copy, string? value)
        => value is null ? copy.WriteNullAsync() : copy.WriteAsync(value, NpgsqlDbType.Text);

    private static Task WriteDoubleAsync(NpgsqlBinaryImporter copy, double? value)
        => value is { } v ? copy.WriteAsync(v, NpgsqlDbType.Double) : copy.WriteNullAsync();

    private sealed class FloorRow(long seq, string projectId, string id, string json, SpanColumns columns)
    {
        public long Seq { get; } = seq;
        public string ProjectId { get; } = projectId;
        public string Id { get; } = id;
        public string Json { get; } = json;
        public SpanColumns Columns { get; } = columns;
        public GroupRollups Rollups { get; set; }
    }

    private static FloorRow Prepare(string projectId, string json, long seq)
    {
        var data = JsonNode.Parse(json)!.AsObject();
        var id = data["id"]!.GetValue<string>();
        data.Remove("project_id");
        return new FloorRow(seq, projectId, id, data.ToJsonString(), SpanColumns.From(data));
    }

    /// <summary>The root row carries its trace's roll-ups from its first insert (the whole trace is in one request), as the server computes them.</summary>
    private static void AddRollups(List<FloorRow> rows)
    {
        var rollups = GroupRollups.Of(rows.Select(r => (r.ProjectId, "g", r.Id)).ToList(), rows.Select(r => r.Columns).ToList());
        for (var i = 0; i < rows.Count; i++)
        {
            rows[i].Rollups = rollups[i];
        }
    }
}

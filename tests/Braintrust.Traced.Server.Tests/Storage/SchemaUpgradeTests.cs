using System.Data.Common;
using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Storage;
using Braintrust.Traced.Server.Storage.Postgres;
using Braintrust.Traced.Server.Storage.Sqlite;
using Braintrust.Traced.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Braintrust.Traced.Server.Tests.Storage;

/// <summary>
/// A database written by the first release (schema version 1 only, rows inserted with its columns) upgrades on
/// start: nothing is lost, and the new sort keys are filled in from the stored rows.
/// </summary>
[TestFixture(StoreBackend.Sqlite)]
[TestFixture(StoreBackend.Postgres)]
public sealed class SchemaUpgradeTests(StoreBackend backend)
{
    private const string ProjectId = "11111111-1111-1111-1111-111111111111";

    private TempDirectory _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = new TempDirectory();

    [TearDown]
    public void DeleteDirectory() => _directory.Dispose();

    [Test]
    public async Task A_version_1_database_upgrades_without_losing_rows_and_gets_its_sort_keys()
    {
        await using var store = await CreateVersion1StoreAsync();

        await store.MigrateAsync(CancellationToken.None);

        var byTokens = await store.ListRootsAsync(new TraceFilter(ProjectId, 10, Sort: TraceSort.Tokens), CancellationToken.None);
        var byDuration = await store.ListRootsAsync(new TraceFilter(ProjectId, 10, Sort: TraceSort.Duration, Descending: false), CancellationToken.None);
        var byName = await store.ListRootsAsync(new TraceFilter(ProjectId, 10, Sort: TraceSort.Name, Descending: false), CancellationToken.None);
        // SQLite re-indexes the old search text in the background after the upgrade: wait for it, bounded.
        var text = await Eventually.UntilAsync(() => store.ListRootsAsync(new TraceFilter(ProjectId, 10, Text: "needle"), CancellationToken.None),
            roots => roots.Count > 0, "the upgraded store finds text indexed before the upgrade");
        var trace = await store.LoadTracesAsync(ProjectId, ["ta"], withData: true, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(byTokens.Select(r => (r.Span.Id, r.Position.Number)), Is.EqualTo(new[] { ("ra", 12.0), ("rb", 0.0) }));
            Assert.That(byDuration.Select(r => (r.Span.Id, r.Position.Number)), Is.EqualTo(new[] { ("rb", -1.0), ("ra", 3.0) }));
            Assert.That(byName.Select(r => r.Span.Id), Is.EqualTo(new[] { "rb", "ra" }), "'' (no name) sorts before 'root a'");
            Assert.That(text.Select(r => r.Span.Id), Is.EqualTo(new[] { "ra" }), "the old full-text index still answers");
            Assert.That(trace.Select(s => s.Id), Is.EquivalentTo(new[] { "ra", "ca" }));
            Assert.That(trace.Single(s => s.Id == "ca").Data!["input"]!.GetValue<string>(), Is.EqualTo("find the needle"));
        });
    }

    // Literals and the span insert of a version-1 store in each backend's dialect (PostgreSQL's version 1 had a tsvector column).
    private string True => backend == StoreBackend.Sqlite ? "1" : "true";

    private string False => backend == StoreBackend.Sqlite ? "0" : "false";

    private string SearchValue => backend == StoreBackend.Sqlite ? "" : ", ''::tsvector";

    private string InsertVersion1Spans =>
        "INSERT INTO spans (project_id, log_id, id, xact_id, is_partial, is_visible, span_id, root_span_id, parent_span_id, is_root, name, " +
        "span_type, start_ts, end_ts, sort_ts, has_error, prompt_tokens, completion_tokens, tokens, created, data" +
        (backend == StoreBackend.Sqlite ? ")" : ", search)");

    /// <summary>
    /// The trace list's roll-ups (SQLite version 9, PostgreSQL version 3) are filled for the traces already stored,
    /// from the stored rows: the upgraded list shows the same span counts, errors, tokens and scores as before.
    /// </summary>
    [Test]
    public async Task Traces_stored_before_the_upgrade_get_their_list_roll_ups()
    {
        var (t, f, searchValue) = (True, False, SearchValue);
        // A scored, failed grandchild of 'ra' under 'ca'.
        await using var store = await CreateVersion1StoreAsync($"""
            {InsertVersion1Spans}
            VALUES ('{ProjectId}', 'g', 'sa', 4, {f}, {t}, 'sa', 'ta', 'ca', {f}, 'scorer', 'score', 102, 103, 102, {t}, 1, 2, 3, 'c',
                '{"{"}"id":"sa","span_id":"sa","root_span_id":"ta","scores":{"{"}"accuracy":0.25{"}"}{"}"}'{searchValue});
            """);

        await store.MigrateAsync(CancellationToken.None);

        var roots = (await store.ListRootsAsync(new TraceFilter(ProjectId, 10), CancellationToken.None)).ToDictionary(r => r.Span.Id, r => r.Rollup);
        Assert.Multiple(() =>
        {
            Assert.That(roots["ra"], Is.EqualTo(new TraceRollup(3, true, 5, 8, 15, """{"accuracy":{"value":0.25,"averaged":true}}""")));
            Assert.That(roots["rb"], Is.EqualTo(new TraceRollup(1, false, 0, 0, 0, null)));
        });
    }

    /// <summary>
    /// The compact id keys (SQLite version 7) are computed by the migration for the rows already stored: the writer
    /// and the readers must find those rows by the same keys (a merge updates the old row instead of adding a second
    /// one; a span id that differs from its row id is found), and a deleted span's seq is never handed out again.
    /// </summary>
    [Test]
    public async Task Spans_stored_before_the_upgrade_take_merges_are_found_by_span_id_and_their_seqs_are_not_reused()
    {
        var (t, f, searchValue) = (True, False, SearchValue);
        // 'row-d' (seq 4) is a child whose span id differs from its row id; 'gone' (seq 5, the highest) is deleted before the upgrade.
        await using var store = await CreateVersion1StoreAsync($"""
            {InsertVersion1Spans}
            VALUES ('{ProjectId}', 'g', 'row-d', 4, {f}, {t}, 'span-d', 'ta', 'ra', {f}, 'd', 'llm', 101, 102, 101, {f}, NULL, NULL, NULL, 'c',
                '{"{"}"id":"row-d","span_id":"span-d","root_span_id":"ta"{"}"}'{searchValue});
            {InsertVersion1Spans}
            VALUES ('{ProjectId}', 'g', 'gone', 5, {f}, {t}, 'gone', 'tg', NULL, {t}, 'g', 'task', 300, NULL, 300, {f}, NULL, NULL, NULL, 'c',
                '{"{"}"id":"gone"{"}"}'{searchValue});
            DELETE FROM spans WHERE id = 'gone';
            """);
        await store.MigrateAsync(CancellationToken.None);
        var seqBefore = (await store.FetchAsync(ProjectId, 10, null, CancellationToken.None)).Spans.ToDictionary(s => s.Id, s => s.Seq);

        await store.WriteAsync(
        [
            Rows.Write(0, ProjectId, "ca", RowWriteKind.Merge, new JsonObject { ["output"] = "merged after the upgrade" }),
            Rows.Write(1, ProjectId, "rc", RowWriteKind.Replace, Rows.SpanData("rc", "tc")),
        ], CancellationToken.None);

        var after = (await store.FetchAsync(ProjectId, 10, null, CancellationToken.None)).Spans;
        var merged = await store.FindSpanAsync(ProjectId, "ca", CancellationToken.None);
        var bySpanId = await store.FindSpanAsync(ProjectId, "span-d", CancellationToken.None);
        var trace = await store.LoadTracesAsync(ProjectId, ["ta"], withData: false, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(after.Select(s => s.Id), Is.EquivalentTo(new[] { "ra", "ca", "rb", "row-d", "rc" }), "the merge updated the old 'ca', no second 'ca'");
            Assert.That(merged!.Data!["output"]!.GetValue<string>(), Is.EqualTo("merged after the upgrade"));
            Assert.That(merged.Data["input"]!.GetValue<string>(), Is.EqualTo("find the needle"), "the merge kept the old fields");
            Assert.That(after.Single(s => s.Id == "ca").Seq, Is.EqualTo(seqBefore["ca"]));
            Assert.That(bySpanId?.Id, Is.EqualTo("row-d"));
            Assert.That(trace.Select(s => s.Id), Is.EquivalentTo(new[] { "ra", "ca", "row-d" }));
            Assert.That(after.Single(s => s.Id == "rc").Seq, Is.GreaterThan(5), "seq 5 belonged to the span deleted before the upgrade");
        });
    }

    /// <summary>
    /// The server did not record when it last heard of a span before SQLite version 12 / PostgreSQL version 7: the rows
    /// stored before stay readable with no last_heard (unknown, so a span without an end is judged by its start), and
    /// the first write after the upgrade records it.
    /// </summary>
    [Test]
    public async Task Spans_stored_before_the_upgrade_have_no_last_heard_until_written_again()
    {
        await using var store = await CreateVersion1StoreAsync();
        await store.MigrateAsync(CancellationToken.None);
        var listed = await store.ListRootsAsync(new TraceFilter(ProjectId, 10), CancellationToken.None);
        var trace = await store.LoadTracesAsync(ProjectId, ["ta"], withData: true, CancellationToken.None);

        var beforeWrite = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        await store.WriteAsync([Rows.Write(0, ProjectId, "rb", RowWriteKind.Merge, new JsonObject { ["output"] = "late" })], CancellationToken.None);
        var written = await store.FindSpanAsync(ProjectId, "rb", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(listed.Select(r => (r.Span.Id, r.Span.LastHeard)), Is.EquivalentTo(new (string, double?)[] { ("ra", null), ("rb", null) }));
            Assert.That(trace.Select(s => (s.Id, s.LastHeard)), Is.EquivalentTo(new (string, double?)[] { ("ra", null), ("ca", null) }));
            Assert.That(trace.Single(s => s.Id == "ca").Data!["input"]!.GetValue<string>(), Is.EqualTo("find the needle"));
            Assert.That(written!.LastHeard, Is.GreaterThanOrEqualTo(beforeWrite - 0.001), "the first write after the upgrade records it");
            Assert.That(new Braintrust.Traced.Server.Query.SpanLiveness(beforeWrite, 300).IsRunning(listed.Single(r => r.Span.Id == "rb").Span),
                Is.False, "no end and no last_heard: judged by its start, long past");
        });
    }

    /// <summary>
    /// The status filter on rows stored before last_heard (rb: start 200, no end, NULL last_heard) is judged by the
    /// start, as "running" is; the index of open roots the upgrade adds covers the rows already stored.
    /// </summary>
    [Test]
    public async Task Old_roots_without_last_heard_are_filtered_by_their_start()
    {
        await using var store = await CreateVersion1StoreAsync();
        await store.MigrateAsync(CancellationToken.None);

        async Task<string[]> ListAsync(TraceStatus status, double now) => [.. (await store.ListRootsAsync(
            new TraceFilter(ProjectId, 10, Status: new StatusMatch(status, now, 300)), CancellationToken.None)).Select(r => r.Span.Id)];

        Assert.Multiple(async () =>
        {
            Assert.That(await ListAsync(TraceStatus.Running, 200 + 300), Is.EqualTo(new[] { "rb" }), "started 300 s ago: still running");
            Assert.That(await ListAsync(TraceStatus.Unfinished, 200 + 300), Is.Empty);
            Assert.That(await ListAsync(TraceStatus.Unfinished, 200 + 301), Is.EqualTo(new[] { "rb" }), "started 301 s ago: unfinished");
            Assert.That(await ListAsync(TraceStatus.Running, 200 + 301), Is.Empty);
            Assert.That(await ListAsync(TraceStatus.Ended, 200 + 301), Is.EqualTo(new[] { "ra" }));
        });
    }

    /// <summary>A store whose database holds only migration 1 and rows written with version 1's columns.</summary>
    /// <param name="thenRun">SQL run on the version 1 database after its rows are written.</param>
    private async Task<IStore> CreateVersion1StoreAsync(string thenRun = "")
    {
        IStore store;
        DbConnection connection;
        string fts;
        if (backend == StoreBackend.Sqlite)
        {
            var path = Path.Combine(_directory.Path, "v1.db");
            store = new SqliteStore(path);
            connection = new SqliteConnection($"Data Source={path};Pooling=False");
            await connection.OpenAsync();
            await ExecuteAsync(connection, SqliteMigrations.Steps.Single(s => s.Version == 1).Sql);
            fts = "INSERT INTO spans_fts (rowid, body) SELECT seq, 'find the needle' FROM spans WHERE id = 'ca';";
        }
        else
        {
            var connectionString = PostgresCluster.Instance.CreateDatabase();
            store = new PostgresStore(connectionString);
            connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await ExecuteAsync(connection, PostgresMigrations.Steps.Single(s => s.Version == 1).Sql);
            fts = "UPDATE spans SET search = to_tsvector('simple', 'find the needle') WHERE id = 'ca';";
        }
        await using (connection)
        {
            var (t, f, search) = (True, False, SearchValue);
            var v1 = InsertVersion1Spans + " VALUES ";
            await ExecuteAsync(connection, $"""
                CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied TEXT NOT NULL);
                INSERT INTO schema_migrations (version, applied) VALUES (1, '2026-11-01T00:00:00Z');
                INSERT INTO orgs (id, name, created) VALUES ('o1', 'old-org', '2026-11-01T00:00:00Z');
                INSERT INTO projects (id, org_id, name, created) VALUES ('{ProjectId}', 'o1', 'old', '2026-11-01T00:00:00Z');
                {v1}('{ProjectId}', 'g', 'ra', 1, {f}, {t}, 'ra', 'ta', NULL, {t}, 'root a', 'task', 100, 103, 100, {f}, NULL, NULL, 2, 'c',
                     '{"{"}"id":"ra","span_id":"ra","root_span_id":"ta"{"}"}'{search});
                {v1}('{ProjectId}', 'g', 'ca', 2, {f}, {t}, 'ca', 'ta', 'ra', {f}, 'child', 'llm', 101, 102, 101, {f}, 4, 6, 10, 'c',
                     '{"{"}"id":"ca","span_id":"ca","root_span_id":"ta","input":"find the needle"{"}"}'{search});
                {v1}('{ProjectId}', 'g', 'rb', 3, {f}, {t}, 'rb', 'tb', NULL, {t}, NULL, 'task', 200, NULL, 200, {f}, NULL, NULL, NULL, 'c',
                     '{"{"}"id":"rb","span_id":"rb","root_span_id":"tb"{"}"}'{search});
                {fts}
                {thenRun}
                """);
        }
        return store;
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}

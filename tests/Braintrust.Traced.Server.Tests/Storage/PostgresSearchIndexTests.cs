using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Storage;
using Braintrust.Traced.Server.Storage.Postgres;
using Braintrust.Traced.Server.Tests.Infrastructure;
using Npgsql;

namespace Braintrust.Traced.Server.Tests.Storage;

/// <summary>
/// PostgreSQL indexes free text after the commit (schema version 4), from the spans above a stored watermark: spans
/// written just before the store closed are indexed after it reopens, a database from before version 4 keeps its
/// indexed text and re-indexes merged spans, and batches committed together keep their own transaction ids (which
/// the watermark and the live stream rely on).
/// </summary>
public sealed class PostgresSearchIndexTests
{
    private const string ProjectId = "22222222-2222-2222-2222-222222222222";

    [Test]
    public async Task Spans_written_just_before_the_store_closed_are_found_after_it_reopens()
    {
        var connectionString = PostgresCluster.Instance.CreateDatabase();
        string projectId;
        await using (var first = new PostgresStore(connectionString))
        {
            await first.MigrateAsync(CancellationToken.None);
            var org = await first.CreateOrgAsync("queue", CancellationToken.None);
            projectId = (await first.GetOrCreateProjectAsync(org.Id, "q", null, CancellationToken.None)).Id;
            var rows = Enumerable.Range(0, 300).Select(i =>
            {
                var data = Rows.SpanData($"s{i}", $"t{i}", start: 1_800_000_000 + i);
                data["input"] = i == 123 ? "zanzibar" : "ordinary";
                return Rows.Write(i, projectId, $"row{i}", RowWriteKind.Replace, data);
            }).ToArray();
            await first.WriteAsync(rows, CancellationToken.None);
            // Disposed right after the acknowledged write, before the indexer's gather delay has passed.
        }

        await using var second = new PostgresStore(connectionString);
        await second.MigrateAsync(CancellationToken.None);
        var found = await Eventually.UntilAsync(
            () => second.ListRootsAsync(new TraceFilter(projectId, 10, Text: "zanzibar"), CancellationToken.None),
            roots => roots.Count > 0, "the span written before closing is indexed after reopening");
        Assert.That(found.Select(r => r.Span.Id), Is.EqualTo(new[] { "row123" }));
    }

    [Test]
    public async Task A_database_from_before_version_4_keeps_its_indexed_text_and_reindexes_merged_and_new_spans()
    {
        var connectionString = PostgresCluster.Instance.CreateDatabase();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            var earlier = PostgresMigrations.Steps.Where(s => s.Version < 4).ToList();
            var sql = string.Join(";\n", earlier.Select(s => s.Sql)) + ";\n" +
                      "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied TEXT NOT NULL);\n" +
                      string.Concat(earlier.Select(s => $"INSERT INTO schema_migrations VALUES ({s.Version}, '2026-11-01T00:00:00Z');\n")) +
                      "INSERT INTO orgs (id, name, created) VALUES ('o1', 'old-org', '2026-11-01T00:00:00Z');\n" +
                      $"INSERT INTO projects (id, org_id, name, created) VALUES ('{ProjectId}', 'o1', 'old', '2026-11-01T00:00:00Z');\n" +
                      OldSpan("ra", "ta", parent: null, xact: 1, "the old needle") +
                      OldSpan("ca", "ta", parent: "ra", xact: 2, "a child haystack") +
                      OldSpan("rb", "tb", parent: null, xact: 3, "another needle") +
                      "UPDATE counters SET value = 3 WHERE name = 'xact';";
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
        await using var store = new PostgresStore(connectionString);

        await store.MigrateAsync(CancellationToken.None);

        async Task<string[]> Search(string text)
            => (await store.ListRootsAsync(new TraceFilter(ProjectId, 10, Text: text), CancellationToken.None)).Select(r => r.Span.Id).Order().ToArray();
        Assert.That(await Search("needle"), Is.EqualTo(new[] { "ra", "rb" }), "text indexed before the upgrade is found at once");
        Assert.That(await Search("haystack"), Is.EqualTo(new[] { "ra" }), "a child's text finds its trace");

        await store.WriteAsync(
        [
            Rows.Write(0, ProjectId, "ca", RowWriteKind.Merge, new JsonObject { ["input"] = "a child pincushion" }),
            Rows.Write(1, ProjectId, "rc", RowWriteKind.Replace, WithInput(Rows.SpanData("rc", "tc"), "a new needle")),
        ], CancellationToken.None);
        await store.WriteAsync([Rows.Write(0, ProjectId, "rb", RowWriteKind.Delete, [])], CancellationToken.None);

        await Eventually.UntilAsync(() => Search("pincushion"), ids => ids.SequenceEqual(["ra"]), "a merge into an old span is indexed");
        await Eventually.UntilAsync(() => Search("needle"), ids => ids.SequenceEqual(["ra", "rc"]), "a new span is indexed, a deleted one gone");
        Assert.That(await Search("haystack"), Is.Empty, "the old span's replaced text is no longer found");
    }

    [Test]
    public async Task Batches_committed_together_keep_their_own_transaction_ids_in_commit_order()
    {
        var connectionString = PostgresCluster.Instance.CreateDatabase();
        await using var store = new PostgresStore(connectionString);
        await store.MigrateAsync(CancellationToken.None);
        var org = await store.CreateOrgAsync("group", CancellationToken.None);
        var projectId = (await store.GetOrCreateProjectAsync(org.Id, "g", null, CancellationToken.None)).Id;

        await store.WriteAsync([Rows.Write(0, projectId, "shared", RowWriteKind.Replace, Rows.SpanData("shared", "t"))], CancellationToken.None);
        // Concurrent batches are committed in groups; each writes one new span and merges into the shared one.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => store.WriteAsync(
        [
            Rows.Write(0, projectId, $"s{i}", RowWriteKind.Replace, Rows.SpanData($"s{i}", "t", parent: "shared")),
            Rows.Write(1, projectId, "shared", RowWriteKind.Merge, new JsonObject { ["metadata"] = new JsonObject { [$"k{i}"] = i } }),
        ], CancellationToken.None))));

        var xactIds = outcomes.Select(o => o.XactId).ToArray();
        Assert.That(xactIds.Distinct().Count(), Is.EqualTo(40), "every batch has its own transaction id");
        var changed = await store.ListChangedSinceAsync(projectId, 0, 1000, CancellationToken.None);
        var ids = changed.ToDictionary(s => s.Id, s => s.XactId);
        Assert.Multiple(() =>
        {
            for (var i = 0; i < 40; i++)
            {
                Assert.That(ids[$"s{i}"], Is.EqualTo(xactIds[i]), $"s{i} carries its batch's transaction id");
            }
        });
        Assert.That(ids["shared"], Is.EqualTo(xactIds.Max()), "a span written by several batches carries the last one's id");
        var shared = await store.FindSpanAsync(projectId, "shared", CancellationToken.None);
        Assert.That(shared!.Data!["metadata"]!.AsObject(), Has.Count.EqualTo(40), "every batch's merge survived");
        Assert.That(await store.CurrentXactIdAsync(CancellationToken.None), Is.EqualTo(xactIds.Max()));
    }

    private static JsonObject WithInput(JsonObject data, string input)
    {
        data["input"] = input;
        return data;
    }

    /// <summary>A span row as versions 1–3 stored it: the search vector in the spans table.</summary>
    private static string OldSpan(string id, string trace, string? parent, long xact, string text)
    {
        var isRoot = parent is null ? "true" : "false";
        var parentValue = parent is null ? "NULL" : $"'{parent}'";
        var parents = parent is null ? "" : $",\"span_parents\":[\"{parent}\"]";
        return "INSERT INTO spans (project_id, log_id, id, xact_id, is_partial, is_visible, span_id, root_span_id, parent_span_id, is_root, " +
               "name, span_type, start_ts, end_ts, sort_ts, has_error, prompt_tokens, completion_tokens, tokens, created, data, search) " +
               $"VALUES ('{ProjectId}', 'g', '{id}', {xact}, false, true, '{id}', '{trace}', {parentValue}, {isRoot}, '{id}', 'task', " +
               $"{100 + xact}, NULL, {100 + xact}, false, NULL, NULL, NULL, 'c', " +
               $"'{{\"id\":\"{id}\",\"span_id\":\"{id}\",\"root_span_id\":\"{trace}\"{parents},\"input\":\"{text}\"}}', to_tsvector('simple', '{text}'));\n";
    }
}

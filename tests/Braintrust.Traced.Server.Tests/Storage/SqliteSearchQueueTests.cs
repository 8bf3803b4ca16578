using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Storage;
using Braintrust.Traced.Server.Storage.Sqlite;
using Braintrust.Traced.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Braintrust.Traced.Server.Tests.Storage;

/// <summary>
/// SQLite indexes free text after the commit, from a queue stored in the same transaction as the rows; a store
/// closed before the indexer ran must index the queued rows when it opens again. Since schema version 11 a new span
/// is not queued: the spans above the index's high-water seq are the new ones, and only changes are queued.
/// </summary>
public sealed class SqliteSearchQueueTests
{
    [Test]
    public async Task Rows_queued_for_search_when_the_store_closed_are_indexed_after_it_reopens()
    {
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "queue.db");
        string projectId;
        await using (var first = new SqliteStore(path))
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
            // Disposed right after the acknowledged write, before the writer goes idle and indexes.
        }

        await using var second = new SqliteStore(path);
        await second.MigrateAsync(CancellationToken.None);
        var found = await Eventually.UntilAsync(
            () => second.ListRootsAsync(new TraceFilter(projectId, 10, Text: "zanzibar"), CancellationToken.None),
            roots => roots.Count > 0, "the queued row is indexed after reopening");
        Assert.That(found.Select(r => r.Span.Id), Is.EqualTo(new[] { "row123" }));
    }

    [Test]
    public async Task Spans_changed_or_deleted_before_they_were_ever_indexed_are_found_by_their_last_text_only()
    {
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "changes.db");
        string projectId;
        await using (var first = new SqliteStore(path))
        {
            await first.MigrateAsync(CancellationToken.None);
            var org = await first.CreateOrgAsync("changes", CancellationToken.None);
            projectId = (await first.GetOrCreateProjectAsync(org.Id, "c", null, CancellationToken.None)).Id;
            await first.WriteAsync([
                Rows.Write(0, projectId, "a", RowWriteKind.Replace, WithOutput(Rows.SpanData("a", "ta"), "apricot")),
                Rows.Write(1, projectId, "b", RowWriteKind.Replace, WithOutput(Rows.SpanData("b", "tb", start: 1_800_000_001), "cranberry")),
            ], CancellationToken.None);
            await first.WriteAsync([
                Rows.Write(0, projectId, "a", RowWriteKind.Merge, new JsonObject { ["output"] = "blueberry" }),
                Rows.Write(1, projectId, "b", RowWriteKind.Delete, []),
            ], CancellationToken.None);
            // Closed right after: the indexer has not run (an idle pause), so both spans are still above the mark.
        }

        await using var second = new SqliteStore(path);
        await second.MigrateAsync(CancellationToken.None);
        // The deleted span had the highest seq: a span written after it must still be found (the mark moves past it).
        await second.WriteAsync([Rows.Write(0, projectId, "d", RowWriteKind.Replace, WithOutput(Rows.SpanData("d", "td", start: 1_800_000_002), "damson"))],
            CancellationToken.None);
        await Eventually.UntilAsync(() => SearchAsync(second, projectId, "damson"), ids => ids.SequenceEqual(["d"]), "a span written after the restart is found");
        await Eventually.UntilAsync(() => SearchAsync(second, projectId, "blueberry"), ids => ids.SequenceEqual(["a"]), "the merged text is found");
        Assert.Multiple(async () =>
        {
            Assert.That(await SearchAsync(second, projectId, "apricot"), Is.Empty, "the text replaced before indexing is not found");
            Assert.That(await SearchAsync(second, projectId, "cranberry"), Is.Empty, "the span deleted before indexing is not found");
            Assert.That(await QueuedChangesAsync(path), Is.Zero, "no queue row is left behind");
        });
    }

    [Test]
    public async Task Spans_queued_by_a_version_10_store_are_indexed_after_the_upgrade_to_the_high_water_mark()
    {
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "upgrade11.db");
        string projectId;
        await using (var before = new SqliteStore(path))
        {
            await before.MigrateAsync(CancellationToken.None);
            var org = await before.CreateOrgAsync("upgrade11", CancellationToken.None);
            projectId = (await before.GetOrCreateProjectAsync(org.Id, "u", null, CancellationToken.None)).Id;
            var rows = Enumerable.Range(0, 30).Select(i =>
                Rows.Write(i, projectId, $"row{i}", RowWriteKind.Replace,
                    WithOutput(Rows.SpanData($"s{i}", $"t{i}", start: 1_800_000_000 + i), i == 17 ? "quince" : "plain"))).ToArray();
            await before.WriteAsync(rows, CancellationToken.None);
        }
        // Turn the file into a version 10 store that queued every span and indexed none: version 10 wrote a queue row
        // per new span and had no mark.
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var downgrade = connection.CreateCommand();
            downgrade.CommandText = """
                DELETE FROM schema_migrations WHERE version = 11;
                DROP TABLE search_state;
                INSERT INTO spans_fts (spans_fts) VALUES ('delete-all');
                INSERT OR REPLACE INTO fts_pending (seq, body, replaces, from_span) SELECT seq, NULL, 0, 1 FROM spans;
                """;
            await downgrade.ExecuteNonQueryAsync();
        }

        await using var after = new SqliteStore(path);
        await after.MigrateAsync(CancellationToken.None);
        await after.WriteAsync([Rows.Write(0, projectId, "new", RowWriteKind.Replace, WithOutput(Rows.SpanData("sn", "tn", start: 1_900_000_000), "quince"))],
            CancellationToken.None);
        var found = await Eventually.UntilAsync(() => SearchAsync(after, projectId, "quince"), ids => ids.Length == 2,
            "the span queued before the upgrade and the one written after it are found");
        Assert.Multiple(async () =>
        {
            Assert.That(found, Is.EquivalentTo(new[] { "row17", "new" }));
            Assert.That(await QueuedChangesAsync(path), Is.Zero, "the queue rows of version 10 are used up");
        });
    }

    private static async Task<string[]> SearchAsync(SqliteStore store, string projectId, string text)
        => (await store.ListRootsAsync(new TraceFilter(projectId, 10, Text: text), CancellationToken.None)).Select(r => r.Span.Id).ToArray();

    private static JsonObject WithOutput(JsonObject data, string output)
    {
        data["output"] = output;
        return data;
    }

    private static async Task<long> QueuedChangesAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM fts_pending";
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}

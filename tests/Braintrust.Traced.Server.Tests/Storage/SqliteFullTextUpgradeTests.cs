using Braintrust.Traced.Server.Storage;
using Braintrust.Traced.Server.Storage.Sqlite;
using Braintrust.Traced.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Braintrust.Traced.Server.Tests.Storage;

/// <summary>
/// Schema version 10 rebuilds SQLite's full-text index without word positions. A store indexed by version 9 (positions
/// kept, nothing left in the queue) must find every span it found before once the background indexer has refilled
/// the new index, and keep finding spans written after the upgrade.
/// </summary>
public sealed class SqliteFullTextUpgradeTests
{
    [Test]
    public async Task Spans_indexed_before_version_10_are_found_again_after_the_upgrade()
    {
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "upgrade.db");
        string projectId;
        await using (var before = new SqliteStore(path))
        {
            await before.MigrateAsync(CancellationToken.None);
            var org = await before.CreateOrgAsync("upgrade", CancellationToken.None);
            projectId = (await before.GetOrCreateProjectAsync(org.Id, "u", null, CancellationToken.None)).Id;
            var rows = Enumerable.Range(0, 40).Select(i =>
            {
                var data = Rows.SpanData($"s{i}", $"t{i}", start: 1_800_000_000 + i);
                data["output"] = i % 10 == 3 ? "ancient zanzibar text" : "ordinary text";
                return Rows.Write(i, projectId, $"row{i}", RowWriteKind.Replace, data);
            }).ToArray();
            await before.WriteAsync(rows, CancellationToken.None);
        }
        // Turn the file into a version 9 store whose spans were all indexed by the old index (with positions).
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var downgrade = connection.CreateCommand();
            downgrade.CommandText = """
                DELETE FROM schema_migrations WHERE version = 10;
                DROP TABLE spans_fts;
                CREATE VIRTUAL TABLE spans_fts USING fts5 (body, tokenize = 'unicode61', content = '', contentless_delete = 1);
                INSERT INTO spans_fts (rowid, body) SELECT seq, json_extract(data, '$.output') FROM spans;
                DELETE FROM fts_pending;
                """;
            await downgrade.ExecuteNonQueryAsync();
        }

        await using var after = new SqliteStore(path);
        // The writer looks at the search queue once it has been idle for a moment, which can happen before the upgrade
        // runs (a slow start): the spans the upgrade queues must be indexed all the same.
        await Task.Delay(SqliteSearchIndexer.IdleDelay * 3);
        await after.MigrateAsync(CancellationToken.None);
        var found = await Eventually.UntilAsync(
            () => after.ListRootsAsync(new TraceFilter(projectId, 10, Text: "zanzibar"), CancellationToken.None),
            roots => roots.Count == 4, "the spans indexed before the upgrade are found again");
        await after.WriteAsync([Rows.Write(0, projectId, "new", RowWriteKind.Replace, WithOutput(Rows.SpanData("sn", "tn", start: 1_900_000_000), "fresh zanzibar"))],
            CancellationToken.None);
        var withNew = await Eventually.UntilAsync(
            () => after.ListRootsAsync(new TraceFilter(projectId, 10, Text: "zanzibar"), CancellationToken.None),
            roots => roots.Count == 5, "a span written after the upgrade is found too");
        Assert.Multiple(async () =>
        {
            Assert.That(found.Select(r => r.Span.RootSpanId), Is.EquivalentTo(new[] { "t3", "t13", "t23", "t33" }));
            Assert.That(withNew[0].Span.RootSpanId, Is.EqualTo("tn"));
            Assert.That(await IndexDefinitionAsync(path), Does.Contain("detail = none"));
        });
    }

    private static System.Text.Json.Nodes.JsonObject WithOutput(System.Text.Json.Nodes.JsonObject data, string output)
    {
        data["output"] = output;
        return data;
    }

    private static async Task<string> IndexDefinitionAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT sql FROM sqlite_master WHERE name = 'spans_fts'";
        return (string)(await command.ExecuteScalarAsync())!;
    }
}

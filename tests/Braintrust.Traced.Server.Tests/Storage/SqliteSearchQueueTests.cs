using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Storage;
using Braintrust.Traced.Server.Storage.Sqlite;
using Braintrust.Traced.Server.Tests.Infrastructure;

namespace Braintrust.Traced.Server.Tests.Storage;

/// <summary>
/// SQLite indexes free text after the commit, from a queue stored in the same transaction as the rows; a store
/// closed before the indexer ran must index the queued rows when it opens again.
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
}

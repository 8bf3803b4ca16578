using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Storage;
using Braintrust.Traced.Server.Tests.Infrastructure;

namespace Braintrust.Traced.Server.Tests.Storage;

/// <summary>The storage contract, run identically against SQLite and PostgreSQL.</summary>
[TestFixture(StoreBackend.Sqlite)]
[TestFixture(StoreBackend.Postgres)]
public sealed class StorageTests(StoreBackend backend) : FreshProjectStoreTests(backend, "storage-")
{
    private async Task<JsonObject> ReadAsync(string id)
    {
        var span = await Store.FindSpanAsync(ProjectId, id, CancellationToken.None);
        Assert.That(span, Is.Not.Null, $"span {id} should be stored");
        return span!.Data!;
    }

    /// <summary>
    /// SQLite keeps no span-id key for a span whose span id is its row id (the SDKs' shape) and finds it by its row
    /// id; a span id that differs, or that a later write changes, must still find its span.
    /// </summary>
    [Test]
    public async Task A_span_is_found_by_its_span_id_whether_or_not_it_is_its_row_id()
    {
        await WriteAsync(
            Rows.Write(0, ProjectId, "same", RowWriteKind.Replace, Rows.SpanData("same", "t1")),
            Rows.Write(1, ProjectId, "row-b", RowWriteKind.Replace, Rows.SpanData("span-b", "t1", parent: "same")),
            Rows.Write(2, ProjectId, "row-c", RowWriteKind.Replace, Rows.SpanData("row-c", "t1", parent: "same")));
        // row-c's span id changes from its row id to another id, and "same" stays as it is.
        await WriteAsync(Rows.Write(0, ProjectId, "row-c", RowWriteKind.Merge, new JsonObject { ["span_id"] = "span-c" }));

        async Task<string?> FoundAsync(string id) => (await Store.FindSpanAsync(ProjectId, id, CancellationToken.None))?.Id;
        Assert.Multiple(async () =>
        {
            Assert.That(await FoundAsync("same"), Is.EqualTo("same"));
            Assert.That(await FoundAsync("span-b"), Is.EqualTo("row-b"));
            Assert.That(await FoundAsync("row-b"), Is.EqualTo("row-b"));
            Assert.That(await FoundAsync("span-c"), Is.EqualTo("row-c"), "found by the span id it was given later");
            Assert.That(await FoundAsync("row-c"), Is.EqualTo("row-c"));
            Assert.That(await FoundAsync("span-x"), Is.Null);
        });
    }

    [Test]
    public async Task Merge_deep_merges_objects_and_replaces_scalars_and_arrays()
    {
        var base_ = Rows.SpanData("s1", "r1");
        base_["metadata"] = new JsonObject { ["model"] = "gpt", ["nested"] = new JsonObject { ["a"] = 1, ["b"] = 2 } };
        base_["scores"] = new JsonObject { ["accuracy"] = 0.5 };
        base_["tags"] = new JsonArray("x", "y");
        base_["output"] = "first";
        await WriteAsync(Rows.Write(0, ProjectId, "a", RowWriteKind.Replace, base_));

        await WriteAsync(Rows.Write(0, ProjectId, "a", RowWriteKind.Merge, new JsonObject
        {
            ["metadata"] = new JsonObject { ["nested"] = new JsonObject { ["b"] = 3 }, ["user"] = "u1" },
            ["scores"] = new JsonObject { ["relevance"] = 1.0 },
            ["metrics"] = new JsonObject { ["end"] = 1_800_000_002.5 },
            ["tags"] = new JsonArray("z"),
            ["output"] = "second",
        }));

        var data = await ReadAsync("a");
        Assert.Multiple(() =>
        {
            JsonAssert.AreEquivalent(data["metadata"]!, """{"model":"gpt","nested":{"a":1,"b":3},"user":"u1"}""");
            Assert.That(data["scores"]!["accuracy"]!.GetValue<double>(), Is.EqualTo(0.5));
            Assert.That(data["scores"]!["relevance"]!.GetValue<double>(), Is.EqualTo(1.0));
            Assert.That(data["metrics"]!["start"]!.GetValue<double>(), Is.EqualTo(1_800_000_000));
            Assert.That(data["metrics"]!["end"]!.GetValue<double>(), Is.EqualTo(1_800_000_002.5));
            JsonAssert.AreEquivalent(data["tags"]!, """["z"]""", "arrays are replaced, not merged");
            Assert.That(data["output"]!.GetValue<string>(), Is.EqualTo("second"));
        });
    }

    [Test]
    public async Task Merge_paths_limit_deep_merging_to_the_listed_paths()
    {
        var base_ = Rows.SpanData("s1", "r1");
        base_["metadata"] = new JsonObject { ["keep"] = 1 };
        base_["input"] = new JsonObject { ["old"] = true };
        await WriteAsync(Rows.Write(0, ProjectId, "a", RowWriteKind.Replace, base_));
        await WriteAsync(new RowWrite(0, ProjectId, "g", "a", RowWriteKind.Merge, new JsonObject
        {
            ["metadata"] = new JsonObject { ["added"] = 2 },
            ["input"] = new JsonObject { ["new"] = true },
        }, MergePaths: [["metadata"]]));

        var data = await ReadAsync("a");
        JsonAssert.AreEquivalent(data["metadata"]!, """{"keep":1,"added":2}""");
        JsonAssert.AreEquivalent(data["input"]!, """{"new":true}""", "outside the merge paths, objects are replaced");
    }

    [Test]
    public async Task A_merge_row_that_arrives_before_its_base_row_is_not_lost()
    {
        await WriteAsync(Rows.Write(0, ProjectId, "a", RowWriteKind.Merge, new JsonObject
        {
            ["scores"] = new JsonObject { ["feedback"] = 1.0 },
            ["metrics"] = new JsonObject { ["end"] = 1_800_000_009.0 },
        }));
        Assert.That(await Store.FindSpanAsync(ProjectId, "a", CancellationToken.None), Is.Null,
            "a lone merge row has no trace identity yet and is not shown");

        var base_ = Rows.SpanData("s1", "r1");
        base_["input"] = "question";
        await WriteAsync(Rows.Write(0, ProjectId, "a", RowWriteKind.Replace, base_));

        var data = await ReadAsync("a");
        Assert.Multiple(() =>
        {
            Assert.That(data["input"]!.GetValue<string>(), Is.EqualTo("question"));
            Assert.That(data["scores"]!["feedback"]!.GetValue<double>(), Is.EqualTo(1.0));
            Assert.That(data["metrics"]!["start"]!.GetValue<double>(), Is.EqualTo(1_800_000_000));
            Assert.That(data["metrics"]!["end"]!.GetValue<double>(), Is.EqualTo(1_800_000_009.0));
        });
    }

    [Test]
    public async Task A_full_row_replaces_the_stored_row_but_keeps_its_creation_time()
    {
        var first = Rows.SpanData("s1", "r1");
        first["metadata"] = new JsonObject { ["old"] = true };
        first["created"] = "2026-01-01T00:00:00.000Z";
        await WriteAsync(Rows.Write(0, ProjectId, "a", RowWriteKind.Replace, first));
        var second = Rows.SpanData("s1", "r1");
        second["output"] = "new";
        await WriteAsync(Rows.Write(0, ProjectId, "a", RowWriteKind.Replace, second));

        var data = await ReadAsync("a");
        Assert.That(data["metadata"], Is.Null);
        Assert.That(data["output"]!.GetValue<string>(), Is.EqualTo("new"));
        Assert.That(data["created"]!.GetValue<string>(), Is.EqualTo("2026-01-01T00:00:00.000Z"));
    }

    [Test]
    public async Task Object_delete_removes_the_row()
    {
        await WriteAsync(Rows.Write(0, ProjectId, "a", RowWriteKind.Replace, Rows.SpanData("s1", "r1")));
        await WriteAsync(Rows.Write(0, ProjectId, "a", RowWriteKind.Delete, []));
        Assert.That(await Store.FindSpanAsync(ProjectId, "a", CancellationToken.None), Is.Null);
        var page = await Store.FetchAsync(ProjectId, 10, null, CancellationToken.None);
        Assert.That(page.Spans, Is.Empty);
    }

    [Test]
    public async Task Comment_rows_are_stored_as_comments_on_the_span_not_as_spans()
    {
        await WriteAsync(Rows.Write(0, ProjectId, "a", RowWriteKind.Replace, Rows.SpanData("s1", "r1")));
        await WriteAsync(new RowWrite(0, ProjectId, "g", "c1", RowWriteKind.Comment, [],
            Comment: new CommentWrite("a", "looks right", "2026-11-25T11:52:44.201Z", "external", new JsonObject { ["reviewer"] = "me" })));

        var comments = await Store.LoadCommentsAsync(ProjectId, ["a"], CancellationToken.None);
        Assert.That(comments, Has.Count.EqualTo(1));
        Assert.That(comments[0].Text, Is.EqualTo("looks right"));
        Assert.That(comments[0].AuditMetadata!["reviewer"]!.GetValue<string>(), Is.EqualTo("me"));
        var page = await Store.FetchAsync(ProjectId, 10, null, CancellationToken.None);
        Assert.That(page.Spans.Select(s => s.Id), Is.EqualTo(new[] { "a" }), "the comment is not a span");
    }

    [Test]
    public async Task A_batch_that_fails_half_way_stores_nothing()
    {
        await WriteAsync(Rows.Write(0, ProjectId, "a", RowWriteKind.Replace, Rows.SpanData("s1", "r1")));
        var update = Rows.Write(0, ProjectId, "a", RowWriteKind.Merge, new JsonObject { ["output"] = "changed" });
        var brandNew = Rows.Write(1, ProjectId, "b", RowWriteKind.Replace, Rows.SpanData("s2", "r2"));
        // A comment row without its comment makes the backend throw after the first two rows were applied.
        var broken = new RowWrite(2, ProjectId, "g", "c", RowWriteKind.Comment, []);

        Assert.That(async () => await Store.WriteAsync([update, brandNew, broken], CancellationToken.None), Throws.Exception);

        Assert.That((await ReadAsync("a"))["output"], Is.Null, "the stored row did not change");
        Assert.That(await Store.FindSpanAsync(ProjectId, "b", CancellationToken.None), Is.Null, "the new row was rolled back");
    }

    [Test]
    public async Task A_failing_batch_among_concurrent_ones_fails_alone()
    {
        var batches = Enumerable.Range(0, 20).Select(i => i == 7
            ? new[] { Rows.Write(0, ProjectId, "ok-in-bad-batch", RowWriteKind.Replace, Rows.SpanData("x", "x")), new RowWrite(1, ProjectId, "g", "c", RowWriteKind.Comment, []) }
            : new[] { Rows.Write(0, ProjectId, $"concurrent{i}", RowWriteKind.Replace, Rows.SpanData($"c{i}", $"c{i}")) }).ToList();

        var writes = batches.Select(b => Task.Run(() => Store.WriteAsync(b, CancellationToken.None))).ToList();
        await Task.WhenAll(writes.Select(w => w.ContinueWith(_ => { }, TaskScheduler.Default)));

        Assert.That(writes[7].IsFaulted, Is.True, "the broken batch reports its failure");
        Assert.That(writes.Where((_, i) => i != 7).All(w => w.IsCompletedSuccessfully), Is.True, "the others succeed");
        var stored = (await Store.FetchAsync(ProjectId, 100, null, CancellationToken.None)).Spans.Select(s => s.Id).ToList();
        Assert.That(stored, Has.Count.EqualTo(19));
        Assert.That(stored, Does.Not.Contain("ok-in-bad-batch"));
    }

    [Test]
    public async Task Fetch_pages_through_every_row_with_its_cursor()
    {
        var writes = Enumerable.Range(0, 25)
            .Select(i => Rows.Write(i, ProjectId, $"row{i:D2}", RowWriteKind.Replace, Rows.SpanData($"s{i}", $"r{i}")))
            .ToArray();
        await Store.WriteAsync(writes, CancellationToken.None);

        var seen = new List<string>();
        long? cursor = null;
        var pages = 0;
        do
        {
            var page = await Store.FetchAsync(ProjectId, 10, cursor, CancellationToken.None);
            seen.AddRange(page.Spans.Select(s => s.Id));
            cursor = page.NextBeforeSeq;
            pages++;
        }
        while (cursor is not null);

        Assert.That(pages, Is.EqualTo(3));
        Assert.That(seen, Is.EqualTo(writes.Select(w => w.Id).Reverse()), "newest first, each row once");
    }

    [Test]
    public async Task Root_list_is_newest_first_with_keyset_paging_and_filters()
    {
        var rows = new List<RowWrite>();
        for (var i = 0; i < 7; i++)
        {
            var root = Rows.SpanData($"root{i}", $"trace{i}", name: i % 2 == 0 ? "even" : "odd", start: 1_800_000_000 + i);
            root["tags"] = new JsonArray(i < 3 ? "early" : "late");
            root["metadata"] = new JsonObject { ["customer"] = $"c{i}" };
            root["input"] = i == 4 ? "the quick brown fox" : "nothing here";
            rows.Add(Rows.Write(rows.Count, ProjectId, $"root{i}", RowWriteKind.Replace, root));
            var child = Rows.SpanData($"child{i}", $"trace{i}", parent: $"root{i}", start: 1_800_000_000 + i + 0.5);
            child["scores"] = new JsonObject { ["quality"] = i / 10.0 };
            if (i == 5)
            {
                child["error"] = "boom";
            }
            rows.Add(Rows.Write(rows.Count, ProjectId, $"child{i}", RowWriteKind.Replace, child));
        }
        await Store.WriteAsync(rows, CancellationToken.None);

        async Task<string[]> Roots(TraceFilter filter) => (await Store.ListRootsAsync(filter, CancellationToken.None)).Select(s => s.Span.Id).ToArray();
        var all = new TraceFilter(ProjectId, 3);

        var first = await Store.ListRootsAsync(all, CancellationToken.None);
        Assert.That(first.Take(3).Select(s => s.Span.Id), Is.EqualTo(new[] { "root6", "root5", "root4" }));
        Assert.That(first, Has.Count.EqualTo(4), "one extra row tells the caller another page exists");
        Assert.That(await Roots(all with { After = first[2].Position }), Is.EqualTo(new[] { "root3", "root2", "root1", "root0" }));

        var big = new TraceFilter(ProjectId, 50);
        // Free-text search sees writes once the background indexer ran (SQLite); wait for that, bounded.
        await Eventually.UntilAsync(() => Roots(big with { Text = "quick fox" }), ids => ids.Length > 0, "search index caught up");
        Assert.Multiple(async () =>
        {
            Assert.That(await Roots(big with { Name = "odd" }), Is.EqualTo(new[] { "root5", "root3", "root1" }));
            Assert.That(await Roots(big with { Tag = "early" }), Is.EqualTo(new[] { "root2", "root1", "root0" }));
            Assert.That(await Roots(big with { Error = true }), Is.EqualTo(new[] { "root5" }));
            Assert.That(await Roots(big with { Error = false }), Has.Length.EqualTo(6));
            Assert.That(await Roots(big with { Score = new ScoreRange("quality", 0.35, 0.55) }), Is.EqualTo(new[] { "root5", "root4" }));
            Assert.That(await Roots(big with { Metadata = new MetadataMatch("customer", "c3") }), Is.EqualTo(new[] { "root3" }));
            Assert.That(await Roots(big with { Text = "quick fox" }), Is.EqualTo(new[] { "root4" }));
            Assert.That(await Roots(big with { From = 1_800_000_002, To = 1_800_000_004 }), Is.EqualTo(new[] { "root3", "root2" }));
        });
    }

    [Test]
    public async Task Spans_of_other_projects_are_never_returned()
    {
        var other = await Store.GetOrCreateProjectAsync(Org.Id, "other-" + Guid.NewGuid().ToString("N"), null, CancellationToken.None);
        var foreign = Rows.SpanData("s1", "r1");
        foreign["input"] = "secret words";
        await Store.WriteAsync([new RowWrite(0, other.Id, "g", "a", RowWriteKind.Replace, foreign)], CancellationToken.None);

        Assert.That(await Store.FindSpanAsync(ProjectId, "a", CancellationToken.None), Is.Null);
        // Once the other project finds its row by text, this project still must not.
        await Eventually.UntilAsync(() => Store.ListRootsAsync(new TraceFilter(other.Id, 10, Text: "secret"), CancellationToken.None),
            roots => roots.Count == 1, "the owning project finds its row");
        Assert.That(await Store.ListRootsAsync(new TraceFilter(ProjectId, 10, Text: "secret"), CancellationToken.None), Is.Empty);
        Assert.That((await Store.FetchAsync(ProjectId, 10, null, CancellationToken.None)).Spans, Is.Empty);
        Assert.That(await Store.LoadTracesAsync(ProjectId, ["r1"], true, CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task Search_follows_writes_merges_and_deletes_within_a_bounded_time()
    {
        async Task<string[]> Search(string text)
            => (await Store.ListRootsAsync(new TraceFilter(ProjectId, 10, Text: text), CancellationToken.None)).Select(r => r.Span.Id).ToArray();
        var root = Rows.SpanData("s1", "r1");
        root["output"] = "marmalade";
        await WriteAsync(Rows.Write(0, ProjectId, "a", RowWriteKind.Replace, root));
        await Eventually.UntilAsync(() => Search("marmalade"), ids => ids.SequenceEqual(["a"]), "a new span is found by its text");

        await WriteAsync(Rows.Write(0, ProjectId, "a", RowWriteKind.Merge, new JsonObject { ["output"] = "porridge" }));
        await Eventually.UntilAsync(() => Search("porridge"), ids => ids.SequenceEqual(["a"]), "a merged value is found");
        Assert.That(await Search("marmalade"), Is.Empty, "the replaced value is no longer found once the new one is");

        await WriteAsync(Rows.Write(0, ProjectId, "a", RowWriteKind.Delete, []));
        await Eventually.UntilAsync(() => Search("porridge"), ids => ids.Length == 0, "a deleted span leaves the search");
    }

    [Test]
    public async Task Project_registration_is_idempotent_per_org_and_separate_across_orgs()
    {
        var otherOrg = await Store.CreateOrgAsync("other-" + Guid.NewGuid().ToString("N"), CancellationToken.None);
        var a1 = await Store.GetOrCreateProjectAsync(Org.Id, "shared-name", null, CancellationToken.None);
        var a2 = await Store.GetOrCreateProjectAsync(Org.Id, "shared-name", null, CancellationToken.None);
        var b = await Store.GetOrCreateProjectAsync(otherOrg.Id, "shared-name", null, CancellationToken.None);

        Assert.That(a2.Id, Is.EqualTo(a1.Id));
        Assert.That(b.Id, Is.Not.EqualTo(a1.Id));
        Assert.That(await Store.FindProjectAsync(otherOrg.Id, a1.Id, CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task Migrations_run_again_without_changing_stored_data()
    {
        await WriteAsync(Rows.Write(0, ProjectId, "a", RowWriteKind.Replace, Rows.SpanData("s1", "r1")));
        await Store.MigrateAsync(CancellationToken.None);
        Assert.That(await Store.FindSpanAsync(ProjectId, "a", CancellationToken.None), Is.Not.Null);
    }

    [Test]
    public async Task Parallel_writers_merging_into_the_same_spans_lose_nothing()
    {
        const int writers = 8;
        const int batchesPerWriter = 10;
        await WriteAsync(Rows.Write(0, ProjectId, "hot", RowWriteKind.Replace, Rows.SpanData("hot", "hot")));

        var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var b = 0; b < batchesPerWriter; b++)
            {
                await Store.WriteAsync(
                [
                    Rows.Write(0, ProjectId, "hot", RowWriteKind.Merge, new JsonObject
                    {
                        ["metadata"] = new JsonObject { [$"w{w}b{b}"] = true },
                        ["scores"] = new JsonObject { [$"w{w}"] = b / 10.0 },
                    }),
                    Rows.Write(1, ProjectId, $"w{w}-b{b}", RowWriteKind.Replace, Rows.SpanData($"w{w}-b{b}", "hot", parent: "hot")),
                ], CancellationToken.None);
            }
        })).ToArray();
        await Task.WhenAll(tasks);

        var hot = await ReadAsync("hot");
        var trace = await Store.LoadTracesAsync(ProjectId, ["hot"], false, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(hot["metadata"]!.AsObject(), Has.Count.EqualTo(writers * batchesPerWriter), "every merged metadata key survived");
            for (var w = 0; w < writers; w++)
            {
                Assert.That(hot["scores"]![$"w{w}"]!.GetValue<double>(), Is.EqualTo((batchesPerWriter - 1) / 10.0), "each writer's last score wins");
            }
            Assert.That(trace, Has.Count.EqualTo(1 + writers * batchesPerWriter));
        });
    }
}

using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Storage;
using Braintrust.Traced.Server.Tests.Infrastructure;

namespace Braintrust.Traced.Server.Tests.Storage;

/// <summary>
/// The root list under every sort and order, paged two at a time across ties, on both backends. The stored sort
/// keys must follow later merges and deletes (tokens, duration), since the UI sorts by what the rows show.
/// </summary>
[TestFixture(StoreBackend.Sqlite)]
[TestFixture(StoreBackend.Postgres)]
public sealed class TraceSortTests(StoreBackend backend)
{
    private const double T0 = 1_800_000_000;

    // Expected ascending orders; ties (t0/t2 share name, duration and tokens) fall back to insertion order.
    // "Gamma" sorts before "alpha": names compare by bytes, as the index does, on both backends.
    private static readonly Dictionary<TraceSort, string[]> Ascending = new()
    {
        [TraceSort.Time] = ["t0", "t1", "t2", "t3", "t4", "t5"],
        [TraceSort.Duration] = ["t3", "t1", "t0", "t2", "t5", "t4"],
        [TraceSort.Name] = ["t3", "t1", "t4", "t0", "t2", "t5"],
        [TraceSort.Tokens] = ["t3", "t1", "t0", "t2", "t5", "t4"],
    };

    private TempDirectory _directory = null!;
    private IStore _store = null!;
    private string _projectId = null!;

    [OneTimeSetUp]
    public async Task CreateTraces()
    {
        _directory = new TempDirectory();
        _store = await TestStores.CreateAsync(backend, _directory);
        var org = await _store.CreateOrgAsync("sort-" + backend, CancellationToken.None);
        _projectId = (await _store.GetOrCreateProjectAsync(org.Id, "sorting", null, CancellationToken.None)).Id;

        var rows = new List<RowWrite>();
        void Trace(int i, string name, double? duration, double childTokens, string? tag = null)
        {
            var root = Rows.SpanData($"root{i}", $"t{i}", name: name, start: T0 + i);
            if (duration is { } d)
            {
                root["metrics"]!["end"] = T0 + i + d;
            }
            if (tag is not null)
            {
                root["tags"] = new JsonArray(tag);
            }
            rows.Add(Rows.Write(rows.Count, _projectId, $"root{i}", RowWriteKind.Replace, root));
            var child = Rows.SpanData($"child{i}", $"t{i}", parent: $"root{i}", start: T0 + i + 0.1);
            child["metrics"]!["tokens"] = childTokens;
            rows.Add(Rows.Write(rows.Count, _projectId, $"child{i}", RowWriteKind.Replace, child));
        }
        Trace(0, "beta", 2, 30, tag: "keep");
        Trace(1, "alpha", 1, 10, tag: "keep");
        Trace(2, "beta", 2, 30);
        Trace(3, "Gamma", null, 0, tag: "keep");
        Trace(4, "alpha", 0.5, 20, tag: "keep");
        Trace(5, "delta", 3, 40);
        var extra = Rows.SpanData("extra5", "t5", parent: "root5", start: T0 + 5.2);
        extra["metrics"]!["tokens"] = 25;
        rows.Add(Rows.Write(rows.Count, _projectId, "extra5", RowWriteKind.Replace, extra));
        await _store.WriteAsync(rows, CancellationToken.None);

        // Later writes move the keys: t4's child grows to 50 tokens and its root ends later (duration 5);
        // t5 loses its extra span (65 → 40 tokens).
        await _store.WriteAsync(
        [
            Rows.Write(0, _projectId, "child4", RowWriteKind.Merge, new JsonObject { ["metrics"] = new JsonObject { ["tokens"] = 50 } }),
            Rows.Write(1, _projectId, "root4", RowWriteKind.Merge, new JsonObject { ["metrics"] = new JsonObject { ["end"] = T0 + 4 + 5 } }),
        ], CancellationToken.None);
        await _store.WriteAsync([Rows.Write(0, _projectId, "extra5", RowWriteKind.Delete, [])], CancellationToken.None);
    }

    [OneTimeTearDown]
    public async Task DropStore()
    {
        await _store.DisposeAsync();
        _directory.Dispose();
    }

    private async Task<List<string>> PageThroughAsync(TraceFilter filter)
    {
        var seen = new List<string>();
        var pages = 0;
        while (true)
        {
            var roots = await _store.ListRootsAsync(filter, CancellationToken.None);
            seen.AddRange(roots.Take(filter.Limit).Select(r => r.Span.RootSpanId!));
            Assert.That(++pages, Is.LessThan(20), "paging must end");
            if (roots.Count <= filter.Limit)
            {
                return seen;
            }
            filter = filter with { After = roots[filter.Limit - 1].Position };
        }
    }

    [Test]
    public async Task Every_sort_and_order_pages_through_each_trace_once_across_ties(
        [Values] TraceSort sort, [Values] bool descending)
    {
        var expected = descending ? Ascending[sort].Reverse().ToArray() : Ascending[sort];
        var seen = await PageThroughAsync(new TraceFilter(_projectId, 2, Sort: sort, Descending: descending));
        Assert.That(seen, Is.EqualTo(expected));
    }

    [Test]
    public async Task Sorting_combines_with_filters([Values] TraceSort sort)
    {
        var filter = new TraceFilter(_projectId, 1, Tag: "keep", Sort: sort, Descending: false);
        var expected = Ascending[sort].Where(t => t is "t0" or "t1" or "t3" or "t4").ToArray();
        Assert.That(await PageThroughAsync(filter), Is.EqualTo(expected));
    }

    [Test]
    public async Task A_position_carries_the_stored_sort_value()
    {
        var byTokens = await _store.ListRootsAsync(new TraceFilter(_projectId, 10, Sort: TraceSort.Tokens), CancellationToken.None);
        var byDuration = await _store.ListRootsAsync(new TraceFilter(_projectId, 10, Sort: TraceSort.Duration), CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(byTokens.Select(r => r.Position.Number), Is.EqualTo(new double[] { 50, 40, 30, 30, 10, 0 }), "trace totals after merge and delete");
            Assert.That(byDuration[0].Position.Number, Is.EqualTo(5), "a merged end time moves the duration key");
            Assert.That(byDuration[^1].Position.Number, Is.EqualTo(-1), "a root without an end sorts as the shortest");
        });
    }
}

using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Storage;
using Braintrust.Traced.Server.Tests.Infrastructure;

namespace Braintrust.Traced.Server.Tests.Storage;

/// <summary>
/// Free-text search lists the same traces in the same order whether a word is frequent, middling or rare. On SQLite
/// the three take different query shapes (chosen from the hit count: a store of 5,000 spans sends up to 100 hits
/// from the hits, up to 1,000 through a walk with the hit traces' ids, more through a walk with the hits' row ids),
/// so each is checked against the expected list, under every sort, paged, with other filters and hidden rows around.
/// </summary>
[TestFixture(StoreBackend.Sqlite)]
[TestFixture(StoreBackend.Postgres)]
public sealed class TextSearchShapeTests(StoreBackend backend)
{
    private const double T0 = 1_800_000_000;
    private const int Traces = 2500;

    private TempDirectory _directory = null!;
    private IStore _store = null!;
    private string _projectId = null!;

    // Trace i: root "root{i}" (start T0 + i, duration (i * 7) % 13, name n{i % 5}) and child "child{i}" with the text.
    // "frequent" is in 2,250 children, "middling" in 250, "seldom" in 42.
    private static bool HasFrequent(int i) => i % 10 != 0;

    private static bool HasMiddling(int i) => i % 10 == 3;

    private static bool HasSeldom(int i) => i % 60 == 7;

    private static double Duration(int i) => (i * 7) % 13;

    [OneTimeSetUp]
    public async Task CreateTraces()
    {
        _directory = new TempDirectory();
        _store = await TestStores.CreateAsync(backend, _directory);
        var org = await _store.CreateOrgAsync("search-" + backend, CancellationToken.None);
        _projectId = (await _store.GetOrCreateProjectAsync(org.Id, "search", null, CancellationToken.None)).Id;
        var otherProject = (await _store.GetOrCreateProjectAsync(org.Id, "elsewhere", null, CancellationToken.None)).Id;

        var rows = new List<RowWrite>();
        for (var i = 0; i < Traces; i++)
        {
            var root = Rows.SpanData($"root{i}", $"t{i}", name: $"n{i % 5}", start: T0 + i);
            root["metrics"]!["end"] = T0 + i + Duration(i);
            rows.Add(Rows.Write(rows.Count, _projectId, $"root{i}", RowWriteKind.Replace, root));
            var child = Rows.SpanData($"child{i}", $"t{i}", parent: $"root{i}", start: T0 + i + 0.1);
            child["output"] = (HasFrequent(i) ? "frequent " : "") + (HasMiddling(i) ? "middling " : "") + (HasSeldom(i) ? "seldom " : "") + "words";
            rows.Add(Rows.Write(rows.Count, _projectId, $"child{i}", RowWriteKind.Replace, child));
        }
        // Matches that must not be listed: another project's trace, and a span deleted after it was written.
        var foreign = Rows.SpanData("foreign", "tf", start: T0 + 1000);
        foreign["output"] = "frequent middling seldom";
        rows.Add(Rows.Write(rows.Count, otherProject, "foreign", RowWriteKind.Replace, foreign));
        var doomed = Rows.SpanData("doomed", "t0", parent: "root0", start: T0 + 0.2);
        doomed["output"] = "frequent middling seldom";
        rows.Add(Rows.Write(rows.Count, _projectId, "doomed", RowWriteKind.Replace, doomed));
        await _store.WriteAsync(rows, CancellationToken.None);
        await _store.WriteAsync([Rows.Write(0, _projectId, "doomed", RowWriteKind.Delete, [])], CancellationToken.None);

        // SQLite indexes search text in the background: wait (bounded) until the last write is findable.
        await Eventually.UntilAsync(() => _store.ListRootsAsync(new TraceFilter(_projectId, 5000, Text: "frequent"), CancellationToken.None),
            roots => roots.Count == Expected(HasFrequent, TraceSort.Time, descending: true).Length, "search index caught up");
    }

    [OneTimeTearDown]
    public async Task DropStore()
    {
        await _store.DisposeAsync();
        _directory.Dispose();
    }

    private static string[] Expected(Func<int, bool> matches, TraceSort sort, bool descending, Func<int, bool>? also = null)
    {
        var traces = Enumerable.Range(0, Traces).Where(i => matches(i) && (also?.Invoke(i) ?? true));
        // Ties fall back to insertion order (seq), which is trace order here.
        var ordered = sort switch
        {
            TraceSort.Time => traces.OrderBy(i => i),
            TraceSort.Duration => traces.OrderBy(Duration).ThenBy(i => i),
            TraceSort.Name => traces.OrderBy(i => $"n{i % 5}", StringComparer.Ordinal).ThenBy(i => i),
            _ => traces.OrderBy(_ => 0).ThenBy(i => i), // Tokens: all zero, so insertion order
        };
        var ascending = ordered.Select(i => $"t{i}");
        return (descending ? ascending.Reverse() : ascending).ToArray();
    }

    private async Task<List<string>> PageThroughAsync(TraceFilter filter)
    {
        var seen = new List<string>();
        for (var pages = 1; ; pages++)
        {
            Assert.That(pages, Is.LessThan(50), "paging must end");
            var roots = await _store.ListRootsAsync(filter, CancellationToken.None);
            seen.AddRange(roots.Take(filter.Limit).Select(r => r.Span.RootSpanId!));
            if (roots.Count <= filter.Limit)
            {
                return seen;
            }
            filter = filter with { After = roots[filter.Limit - 1].Position };
        }
    }

    [Test]
    public async Task A_frequent_word_lists_its_traces_in_order_under_every_sort([Values] TraceSort sort, [Values] bool descending)
    {
        var seen = await PageThroughAsync(new TraceFilter(_projectId, 200, Text: "frequent", Sort: sort, Descending: descending));
        Assert.That(seen, Is.EqualTo(Expected(HasFrequent, sort, descending)));
    }

    [Test]
    public async Task A_middling_word_lists_its_traces_in_order_under_every_sort([Values] TraceSort sort, [Values] bool descending)
    {
        var seen = await PageThroughAsync(new TraceFilter(_projectId, 30, Text: "middling", Sort: sort, Descending: descending));
        Assert.That(seen, Is.EqualTo(Expected(HasMiddling, sort, descending)));
    }

    [Test]
    public async Task A_rare_word_lists_its_traces_in_order_under_every_sort([Values] TraceSort sort, [Values] bool descending)
    {
        var seen = await PageThroughAsync(new TraceFilter(_projectId, 2, Text: "seldom", Sort: sort, Descending: descending));
        Assert.That(seen, Is.EqualTo(Expected(HasSeldom, sort, descending)));
    }

    [Test]
    public async Task Both_words_must_be_in_one_span_and_other_filters_still_apply()
    {
        Assert.Multiple(async () =>
        {
            Assert.That(await PageThroughAsync(new TraceFilter(_projectId, 3, Text: "seldom frequent")),
                Is.EqualTo(Expected(i => HasSeldom(i) && HasFrequent(i), TraceSort.Time, descending: true)));
            Assert.That(await PageThroughAsync(new TraceFilter(_projectId, 25, Text: "frequent", Name: "n2")),
                Is.EqualTo(Expected(HasFrequent, TraceSort.Time, descending: true, also: i => i % 5 == 2)));
            Assert.That(await PageThroughAsync(new TraceFilter(_projectId, 25, Text: "frequent", From: T0 + 100, To: T0 + 150)),
                Is.EqualTo(Expected(HasFrequent, TraceSort.Time, descending: true, also: i => i is >= 100 and < 150)));
            Assert.That(await PageThroughAsync(new TraceFilter(_projectId, 25, Text: "middling", From: T0 + 1000, To: T0 + 1500)),
                Is.EqualTo(Expected(HasMiddling, TraceSort.Time, descending: true, also: i => i is >= 1000 and < 1500)));
        });
    }
}

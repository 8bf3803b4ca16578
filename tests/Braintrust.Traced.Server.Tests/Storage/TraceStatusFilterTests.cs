using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Query;
using Braintrust.Traced.Server.Storage;
using Braintrust.Traced.Server.Tests.Infrastructure;

namespace Braintrust.Traced.Server.Tests.Storage;

/// <summary>
/// The trace list's status filter: which traces' roots are running, unfinished (no end, not heard of within the
/// timeout: the process died) or ended, by the same rule and moment as the listed "running" field. The store's clock
/// is a fake one, so last_heard and "now" are exact and time moves without sleeping.
/// </summary>
[TestFixture(StoreBackend.Sqlite)]
[TestFixture(StoreBackend.Postgres)]
public sealed class TraceStatusFilterTests(StoreBackend backend) : FakeClockStoreTests(backend, "status-")
{
    private SpanLiveness Now => new SpanLivenessClock(RunningTimeout, Clock).Now();

    /// <summary>
    /// "dead" went quiet at t0, "alive" was heard again at t0+4 min (its heartbeat), "done" has an end, and "child-open"
    /// is a trace whose root ended though a child never did: status is the root's.
    /// </summary>
    [Test]
    public async Task Each_status_keeps_the_roots_in_it_and_the_running_ones_are_listed_running()
    {
        await WriteAsync(
            Rows.Write(0, ProjectId, "dead", RowWriteKind.Replace, Open("dead")),
            Rows.Write(1, ProjectId, "alive", RowWriteKind.Replace, Open("alive")),
            Rows.Write(2, ProjectId, "done", RowWriteKind.Replace, Ended(Open("done"))),
            Rows.Write(3, ProjectId, "child-open", RowWriteKind.Replace, Ended(Open("child-open"))),
            Rows.Write(4, ProjectId, "child-open-c", RowWriteKind.Replace, Rows.SpanData("child-open-c", "child-open", parent: "child-open", start: StartOf())));
        Clock.Advance(TimeSpan.FromMinutes(4));
        await WriteAsync(Rows.Write(0, ProjectId, "alive", RowWriteKind.Merge, new JsonObject { ["span_id"] = "alive", ["root_span_id"] = "alive" }));
        Clock.Advance(TimeSpan.FromMinutes(2));

        var running = await ListAsync(TraceStatus.Running);
        var unfinished = await ListAsync(TraceStatus.Unfinished);
        var ended = await ListAsync(TraceStatus.Ended);
        var page = await new TraceQueryService(Store, new SpanLivenessClock(RunningTimeout, Clock))
            .ListTracesAsync(Filter(TraceStatus.Running), Now, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(running, Is.EqualTo(new[] { "alive" }));
            Assert.That(unfinished, Is.EqualTo(new[] { "dead" }), "not heard of for 6 min, more than the 5 min timeout");
            Assert.That(ended, Is.EquivalentTo(new[] { "done", "child-open" }), "judged on the root, not on its children");
            Assert.That(page["traces"]!.AsArray().Select(t => t!["running"]!.GetValue<bool>()), Is.EqualTo(new[] { true }));
        });
    }

    [Test]
    public async Task At_the_exact_end_of_the_timeout_a_root_is_still_running_and_a_millisecond_later_unfinished()
    {
        await WriteAsync(Rows.Write(0, ProjectId, "edge", RowWriteKind.Replace, Open("edge")));

        Clock.Advance(RunningTimeout);
        var atTimeout = (await ListAsync(TraceStatus.Running), await ListAsync(TraceStatus.Unfinished));
        Clock.Advance(TimeSpan.FromMilliseconds(1));
        var after = (await ListAsync(TraceStatus.Running), await ListAsync(TraceStatus.Unfinished));

        Assert.Multiple(() =>
        {
            Assert.That(atTimeout, Is.EqualTo((new[] { "edge" }, Array.Empty<string>())), "as SpanLiveness: still running at the exact end");
            Assert.That(after, Is.EqualTo((Array.Empty<string>(), new[] { "edge" })));
        });
    }

    [Test]
    public async Task A_root_that_logs_its_end_leaves_running_and_unfinished_for_ended()
    {
        await WriteAsync(Rows.Write(0, ProjectId, "late", RowWriteKind.Replace, Open("late")));
        Clock.Advance(TimeSpan.FromMinutes(10));
        var beforeEnd = await ListAsync(TraceStatus.Unfinished);

        await WriteAsync(Rows.Write(0, ProjectId, "late", RowWriteKind.Merge, new JsonObject
        {
            ["span_id"] = "late", ["root_span_id"] = "late", ["metrics"] = new JsonObject { ["end"] = StartOf() + 700 },
        }));

        Assert.Multiple(async () =>
        {
            Assert.That(beforeEnd, Is.EqualTo(new[] { "late" }));
            Assert.That(await ListAsync(TraceStatus.Unfinished), Is.Empty);
            Assert.That(await ListAsync(TraceStatus.Running), Is.Empty);
            Assert.That(await ListAsync(TraceStatus.Ended), Is.EqualTo(new[] { "late" }));
        });
    }

    /// <summary>Keyset paging with the filter, for every sort and order: each unfinished root once, no ended root.</summary>
    [Test]
    public async Task Paging_through_unfinished_roots_sees_each_once_in_every_sort(
        [Values] TraceSort sort, [Values(true, false)] bool descending)
    {
        var rows = new List<RowWrite>();
        for (var i = 0; i < 7; i++)
        {
            // Unfinished roots between ended ones, with distinct names and start times, and two that share a start.
            var start = StartOf() + (i == 6 ? 5 : i);
            rows.Add(Rows.Write(rows.Count, ProjectId, $"dead-{i}", RowWriteKind.Replace, Rows.SpanData($"dead-{i}", $"dead-{i}", start: start)));
            rows.Add(Rows.Write(rows.Count, ProjectId, $"done-{i}", RowWriteKind.Replace, Ended(Rows.SpanData($"done-{i}", $"done-{i}", start: start))));
        }
        await WriteAsync([.. rows]);
        Clock.Advance(TimeSpan.FromHours(1));

        var seen = new List<string>();
        var filter = Filter(TraceStatus.Unfinished) with { Limit = 2, Sort = sort, Descending = descending };
        for (var pages = 0; pages < 10; pages++)
        {
            var page = await Store.ListRootsAsync(filter, CancellationToken.None);
            seen.AddRange(page.Take(2).Select(r => r.Span.Id));
            if (page.Count <= 2)
            {
                break;
            }
            filter = filter with { After = page[1].Position };
        }

        Assert.That(seen, Is.EquivalentTo(Enumerable.Range(0, 7).Select(i => $"dead-{i}")));
    }

    private TraceFilter Filter(TraceStatus status)
    {
        var now = Now;
        return new TraceFilter(ProjectId, 50, Status: new StatusMatch(status, now.Now, now.TimeoutSeconds));
    }

    private async Task<string[]> ListAsync(TraceStatus status)
        => [.. (await Store.ListRootsAsync(Filter(status), CancellationToken.None)).Select(r => r.Span.Id)];

    /// <summary>Now by the fake clock: spans start when they are written, so their last_heard is their start.</summary>
    private double StartOf() => Clock.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0;

    private JsonObject Open(string id) => Rows.SpanData(id, id, start: StartOf());

    private static JsonObject Ended(JsonObject span)
    {
        span["metrics"]!["end"] = span["metrics"]!["start"]!.GetValue<double>() + 1;
        return span;
    }
}

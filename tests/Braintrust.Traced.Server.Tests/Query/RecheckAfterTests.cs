using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Query;
using Braintrust.Traced.Server.Storage;
using Braintrust.Traced.Server.Tests.Infrastructure;

namespace Braintrust.Traced.Server.Tests.Query;

/// <summary>
/// recheck_after_ms: how long until a list page, trace tree or span view may change by time alone (a running span
/// going quiet turns unfinished, and no write announces it). The store and the query service share a fake clock, so
/// last_heard and "now" are exact and time moves without sleeping. Computed in Query from what the store returns, so
/// one backend is enough.
/// </summary>
public sealed class RecheckAfterTests() : FakeClockStoreTests(StoreBackend.Sqlite, "recheck-")
{
    /// <summary>The query service on the store's clock: "now" and last_heard come from the same fake time.</summary>
    private TraceQueryService Queries => new(Store, new SpanLivenessClock(RunningTimeout, Clock));

    /// <summary>
    /// A root heard of at t0 and a child heard of again at t0+60 s (its heartbeat): each view names the first of its
    /// running spans to time out, and null once none of them runs.
    /// </summary>
    [Test]
    public async Task Each_view_counts_down_to_its_first_running_span_timing_out_and_is_null_when_none_runs()
    {
        await WriteAsync(
            Rows.Write(0, ProjectId, "root", RowWriteKind.Replace, Rows.SpanData("s-root", "t")),
            Rows.Write(1, ProjectId, "child", RowWriteKind.Replace, Rows.SpanData("s-child", "t", parent: "s-root")),
            Rows.Write(2, ProjectId, "done", RowWriteKind.Replace, Ended(Rows.SpanData("s-done", "t", parent: "s-root"))));
        Clock.Advance(TimeSpan.FromSeconds(60));
        await WriteAsync(Rows.Write(0, ProjectId, "child", RowWriteKind.Merge, new JsonObject { ["span_id"] = "s-child", ["root_span_id"] = "t" }));

        Clock.Advance(TimeSpan.FromSeconds(30));
        var bothRunning = await ReadAllAsync();
        Clock.Advance(TimeSpan.FromSeconds(211));
        var childOnly = await ReadAllAsync();
        Clock.Advance(TimeSpan.FromSeconds(60));
        var noneRunning = await ReadAllAsync();

        Assert.Multiple(() =>
        {
            // The root times out at t0+300 s, the child at t0+360 s; 1 ms past the timeout it no longer runs.
            Assert.That(bothRunning, Is.EqualTo((210_001L, 210_001L, 270_001L)), "at t0+90 s: list (root), tree (root first), child's view");
            Assert.That(childOnly, Is.EqualTo(((long?)null, 59_001L, 59_001L)), "at t0+301 s the root is unfinished; the list shows only the root");
            Assert.That(noneRunning, Is.EqualTo(((long?)null, (long?)null, (long?)null)), "at t0+361 s nothing runs");
        });
    }

    [Test]
    public async Task At_the_exact_end_of_the_timeout_a_span_still_runs_and_the_answer_asks_for_one_more_millisecond()
    {
        await WriteAsync(Rows.Write(0, ProjectId, "root", RowWriteKind.Replace, Rows.SpanData("s-root", "t")));
        Clock.Advance(RunningTimeout);

        var tree = (await Queries.GetTraceAsync(ProjectId, "t", CancellationToken.None))!;

        Assert.That(tree["spans"]![0]!["running"]!.GetValue<bool>(), Is.True);
        Assert.That(tree["recheck_after_ms"]!.GetValue<long>(), Is.EqualTo(1));
    }

    [Test]
    public async Task A_finished_trace_never_asks_for_a_recheck()
    {
        await WriteAsync(
            Rows.Write(0, ProjectId, "root", RowWriteKind.Replace, Ended(Rows.SpanData("s-root", "t"))),
            Rows.Write(1, ProjectId, "child", RowWriteKind.Replace, Ended(Rows.SpanData("s-child", "t", parent: "s-root"))));

        var (list, tree, span) = await ReadAllAsync();

        Assert.That((list, tree, span), Is.EqualTo(((long?)null, (long?)null, (long?)null)));
    }

    private static JsonObject Ended(JsonObject span)
    {
        span["metrics"]!["end"] = span["metrics"]!["start"]!.GetValue<double>() + 1;
        return span;
    }

    /// <summary>recheck_after_ms of the list page, the trace tree and the child's (else the root's) span view.</summary>
    private async Task<(long? List, long? Tree, long? Span)> ReadAllAsync()
    {
        var list = await Queries.ListTracesAsync(new TraceFilter(ProjectId, 50), new SpanLivenessClock(RunningTimeout, Clock).Now(), CancellationToken.None);
        var tree = (await Queries.GetTraceAsync(ProjectId, "t", CancellationToken.None))!;
        var span = await Queries.GetSpanAsync(ProjectId, "child", CancellationToken.None) ?? (await Queries.GetSpanAsync(ProjectId, "root", CancellationToken.None))!;
        return (Ms(list), Ms(tree), Ms(span));
    }

    private static long? Ms(JsonObject answer) => answer["recheck_after_ms"]?.GetValue<long>();
}

using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Braintrust.Traced.UI.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Braintrust.Traced.UI.Tests;

/// <summary>
/// A span logged with a start and no end is "running" only while its process keeps the server hearing of it (the
/// runtime re-sends an open span's identity every minute); once silent for longer than the server's running timeout
/// (3 s here instead of 5 min) it reads "unfinished" and its timeline bar stops where it was last heard of. Nothing is
/// written when a process dies, so no live event says so: an open view reads itself again when the server's answer
/// said a running span may time out (recheck_after_ms), without a reload.
/// </summary>
public sealed class UnfinishedSpanTests : UiTestBase
{
    protected override string[] ServerArguments => ["--BRAINTRUST_TRACED_RUNNING_TIMEOUT=3"];

    private ILocator Row(string text) => Page.GetByRole(AriaRole.Grid, new() { Name = "Traces" }).GetByRole(AriaRole.Row).Filter(new() { HasText = text });

    /// <summary>
    /// The table is sorted by name on purpose: in that sort a live event (the busy job's heartbeats) only counts new
    /// traces and re-reads no row, so the rows and the open trace can change only through the recheck timer.
    /// </summary>
    [Test]
    public async Task An_open_view_turns_a_silent_span_unfinished_by_itself_while_one_still_heard_from_stays_running()
    {
        var log = await NewProjectAsync("unfinished");
        await log.InsertAsync(OpenSpan("stalled"), OpenSpan("busy"));
        using var stopStalled = new CancellationTokenSource();
        using var stopBusy = new CancellationTokenSource();
        var heartbeats = Task.WhenAll(HeartbeatAsync(log, "stalled", stopStalled.Token), HeartbeatAsync(log, "busy", stopBusy.Token));
        try
        {
            await SignInAsync();
            var traceUrl = $"/orgs/{await Server.OrgIdAsync()}/projects/{log.ProjectId}/traces/stalled?sort=name&order=asc";
            await Page.GotoAsync(traceUrl);
            var header = Page.Locator(".trace-panel-header");
            var span = Page.GetByRole(AriaRole.Tree, new() { Name = "Spans" }).Locator("[data-span-id='stalled']");
            await Expect(Row("stalled_job").Locator(".running-badge")).ToHaveTextAsync("running");
            await Expect(Row("busy_job").Locator(".running-badge")).ToHaveTextAsync("running");
            await Expect(header.Locator(".running-badge")).ToBeVisibleAsync();
            await Expect(span.Locator(".bar-running")).ToBeVisibleAsync();
            // Gone if the page were reloaded (a reload would also flip the badges).
            await Page.EvaluateAsync("() => { window.openSinceTheStart = true; }");

            // The stalled job's process dies: nothing more is logged for it.
            await stopStalled.CancelAsync();

            var badge = Row("stalled_job").Locator(".unfinished-badge");
            await Expect(badge).ToHaveTextAsync("unfinished");
            await Expect(header.Locator(".unfinished-badge")).ToBeVisibleAsync();
            await Expect(span.Locator(".bar-unfinished")).ToBeVisibleAsync();
            Assert.That(await badge.GetAttributeAsync("title"),
                Does.Match(@"^No end time logged; last heard from \d{4}-\d\d-\d\d \d\d:\d\d:\d\d — the process that logged it may have stopped$"));
            await Expect(Row("stalled_job").Locator(".running-badge")).ToHaveCountAsync(0);
            await Expect(span.Locator(".bar-running")).ToHaveCountAsync(0);
            await Expect(Row("busy_job").Locator(".running-badge")).ToHaveTextAsync("running");
            await Expect(Row("busy_job").Locator(".unfinished-badge")).ToHaveCountAsync(0);
            Assert.That(await Page.EvaluateAsync<bool>("() => window.openSinceTheStart === true"), Is.True, "the page was not reloaded");
            await Expect(Page).ToHaveURLAsync(new Regex("/traces/stalled\\?sort=name&order=asc$"));
            await Expect(Row("stalled_job")).ToHaveAttributeAsync("aria-selected", "true");
            await Expect(span).ToHaveAttributeAsync("aria-selected", "true");
            await ScreenshotAsync("unfinished-span");

            // The busy job is still heard from: later re-reads (one about every 3 s while it runs) keep it running.
            // Its own trace, opened now, says so too, and its row flips only once its heartbeats stop.
            await Row("busy_job").ClickAsync();
            await Expect(header.Locator(".running-badge")).ToBeVisibleAsync();
            await stopBusy.CancelAsync();
            await Expect(Row("busy_job").Locator(".unfinished-badge")).ToHaveTextAsync("unfinished");
            await Expect(header.Locator(".unfinished-badge")).ToBeVisibleAsync();
        }
        finally
        {
            await stopStalled.CancelAsync();
            await stopBusy.CancelAsync();
            await heartbeats;
        }
    }

    /// <summary>
    /// After a crash the operator asks which runs never finished: the Status select keeps only the trace whose process
    /// went silent, not the one still heard from nor the one that ended, and the choice is kept in the URL. Under
    /// "running", a trace whose process then goes silent leaves the table without a reload.
    /// </summary>
    [Test]
    public async Task The_status_filter_shows_only_the_trace_whose_process_died()
    {
        var log = await NewProjectAsync("status");
        await log.InsertAsync(
            OpenSpan("dead"), OpenSpan("alive"),
            SpanLog.Span("done", "done", null, "done_job", "task", JsonValue.Create("short work"), JsonValue.Create("ok"), 2, 1));
        using var stopAlive = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(log, "alive", stopAlive.Token);
        try
        {
            await SignInAsync();
            await Page.GotoAsync($"/orgs/{await Server.OrgIdAsync()}/projects/{log.ProjectId}/logs");
            // Past the 3 s timeout the dead job reads unfinished; the live one keeps running.
            await Expect(Row("dead_job").Locator(".unfinished-badge")).ToHaveTextAsync("unfinished");

            await Page.GetByLabel("Status").SelectOptionAsync("unfinished");
            await Page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();

            await Expect(Page).ToHaveURLAsync(new Regex("status=unfinished"));
            await Expect(Rows).ToHaveCountAsync(1);
            await Expect(Row("dead_job")).ToHaveCountAsync(1);

            await Page.GetByLabel("Status").SelectOptionAsync("running");
            await Page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
            await Expect(Page).ToHaveURLAsync(new Regex("status=running"));
            await Expect(Rows).ToHaveCountAsync(1);
            await Expect(Row("alive_job").Locator(".running-badge")).ToHaveTextAsync("running");

            // Its process dies too: no write says so, yet it leaves the running list by itself (the table's recheck).
            await stopAlive.CancelAsync();
            await Expect(Rows).ToHaveCountAsync(0);

            // A shared link opens with the same filter chosen.
            await Page.GotoAsync($"/orgs/{await Server.OrgIdAsync()}/projects/{log.ProjectId}/logs?status=ended");
            await Expect(Page.GetByLabel("Status")).ToHaveValueAsync("ended");
            await Expect(Rows).ToHaveCountAsync(1);
            await Expect(Row("done_job")).ToHaveCountAsync(1);
        }
        finally
        {
            await stopAlive.CancelAsync();
            await heartbeat;
        }
    }

    /// <summary>The trace rows of the table, without its header row.</summary>
    private ILocator Rows => Page.GetByRole(AriaRole.Grid, new() { Name = "Traces" }).GetByRole(AriaRole.Row).Filter(new() { HasText = "_job" });

    /// <summary>A root span as a runtime ships a long one early: a start, no end.</summary>
    private static JsonObject OpenSpan(string spanId)
    {
        var span = SpanLog.Span(spanId, spanId, null, spanId + "_job", "task", JsonValue.Create("long work"), null, startSecondsAgo: 1, durationSeconds: 0);
        span["metrics"]!.AsObject().Remove("end");
        return span;
    }

    /// <summary>What the runtime sends while a span is open: a merge row with only the span's identity (every 500 ms here).</summary>
    private static async Task HeartbeatAsync(SpanLog log, string spanId, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await log.InsertAsync(new JsonObject { ["id"] = $"row-{spanId}", ["span_id"] = spanId, ["root_span_id"] = spanId, ["_is_merge"] = true });
            try
            {
                await Task.Delay(500, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

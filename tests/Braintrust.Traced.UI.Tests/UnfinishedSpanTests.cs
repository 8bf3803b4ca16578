using System.Text.Json.Nodes;
using Braintrust.Traced.UI.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Braintrust.Traced.UI.Tests;

/// <summary>
/// A span logged with a start and no end is "running" only while its process keeps the server hearing of it (the
/// runtime re-sends an open span's identity every minute); once silent for longer than the server's running timeout
/// (3 s here instead of 5 min) it reads "unfinished" and its timeline bar stops where it was last heard of.
/// </summary>
public sealed class UnfinishedSpanTests : UiTestBase
{
    protected override string[] ServerArguments => ["--BRAINTRUST_TRACED_RUNNING_TIMEOUT=3"];

    private ILocator Row(string text) => Page.GetByRole(AriaRole.Grid, new() { Name = "Traces" }).GetByRole(AriaRole.Row).Filter(new() { HasText = text });

    [Test]
    public async Task A_span_whose_process_went_silent_turns_unfinished_while_one_still_heard_from_stays_running()
    {
        var log = await NewProjectAsync("unfinished");
        await log.InsertAsync(OpenSpan("stalled"), OpenSpan("busy"));
        using var stopStalled = new CancellationTokenSource();
        using var stopBusy = new CancellationTokenSource();
        var heartbeats = Task.WhenAll(HeartbeatAsync(log, "stalled", stopStalled.Token), HeartbeatAsync(log, "busy", stopBusy.Token));
        try
        {
            await SignInAsync();
            await Page.GotoAsync(await LogsUrlAsync(log));
            await Expect(Row("stalled_job").Locator(".running-badge")).ToHaveTextAsync("running");
            await Expect(Row("busy_job").Locator(".running-badge")).ToHaveTextAsync("running");

            // The stalled job's process dies: nothing more is logged for it.
            await stopStalled.CancelAsync();
            await ReloadUntilVisibleAsync(Row("stalled_job").Locator(".unfinished-badge"));

            var badge = Row("stalled_job").Locator(".unfinished-badge");
            await Expect(badge).ToHaveTextAsync("unfinished");
            Assert.That(await badge.GetAttributeAsync("title"),
                Does.Match(@"^No end time logged; last heard from \d{4}-\d\d-\d\d \d\d:\d\d:\d\d — the process that logged it may have stopped$"));
            await Expect(Row("stalled_job").Locator(".running-badge")).ToHaveCountAsync(0);
            await Expect(Row("busy_job").Locator(".running-badge")).ToHaveTextAsync("running");
            await Expect(Row("busy_job").Locator(".unfinished-badge")).ToHaveCountAsync(0);

            await Row("stalled_job").ClickAsync();
            var span = Page.GetByRole(AriaRole.Tree, new() { Name = "Spans" }).Locator("[data-span-id='stalled']");
            await Expect(span.Locator(".bar-unfinished")).ToBeVisibleAsync();
            await Expect(span.Locator(".bar-running")).ToHaveCountAsync(0);
            await Expect(Page.Locator(".trace-panel-header .unfinished-badge")).ToBeVisibleAsync();
            await ScreenshotAsync("unfinished-span");
        }
        finally
        {
            await stopStalled.CancelAsync();
            await stopBusy.CancelAsync();
            await heartbeats;
        }
    }

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

    /// <summary>Reloads the page until <paramref name="locator"/> shows (the badge changes on reload, not by itself).</summary>
    private async Task ReloadUntilVisibleAsync(ILocator locator)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            await Page.ReloadAsync();
            await Expect(Row("stalled_job")).ToBeVisibleAsync();
            if (await locator.CountAsync() > 0)
            {
                return;
            }
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the silent span never turned unfinished");
            await Task.Delay(500);
        }
    }
}

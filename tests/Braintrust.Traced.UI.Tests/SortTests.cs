using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Braintrust.Traced.UI.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Braintrust.Traced.UI.Tests;

/// <summary>Column sorting is done by the server over the whole project, kept in the URL, and safe with live updates.</summary>
public sealed class SortTests : UiTestBase
{
    private ILocator Table => Page.GetByRole(AriaRole.Grid, new() { Name = "Traces" });

    private ILocator DataRows => Table.Locator("[data-trace-id]");

    [Test]
    public async Task Sorting_by_duration_orders_the_whole_project_not_just_the_loaded_page_and_is_kept_in_the_URL()
    {
        // 150 traces; the longest are the oldest, so none of them is in the first (newest) page of 100.
        var log = await NewProjectAsync("sort-duration");
        await log.InsertAsync([.. Enumerable.Range(0, 150).Select(i =>
            SpanLog.Span($"s-{i:D3}", $"s-{i:D3}", null, $"run {i:D3}", "task", JsonValue.Create($"q{i}"), JsonValue.Create("ok"), 100 + i * 10, 0.01 * (i + 1)))]);
        await SignInAsync();
        await Page.GotoAsync(await LogsUrlAsync(log));
        await Expect(DataRows.First).ToHaveAttributeAsync("data-trace-id", "s-000");
        await Expect(Page.Locator(".table-footer")).ToContainTextAsync("newest first");
        var newestFirstUrl = Page.Url;

        await Page.GetByRole(AriaRole.Button, new() { Name = "Duration" }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("sort=duration&order=desc"));
        await Expect(DataRows.First).ToHaveAttributeAsync("data-trace-id", "s-149");
        await Expect(Table.GetByRole(AriaRole.Columnheader, new() { Name = "Duration" })).ToHaveAttributeAsync("aria-sort", "descending");
        await Expect(Page.Locator(".table-footer")).ToContainTextAsync("longest first");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Duration ▼" }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("sort=duration&order=asc"));
        await Expect(DataRows.First).ToHaveAttributeAsync("data-trace-id", "s-000");
        await Expect(Page.Locator(".table-footer")).ToContainTextAsync("shortest first");

        // Scrolling to the end pages on in the same order (the cursor belongs to this sort).
        await Table.GetByTestId("trace-scroller").FocusAsync();
        await Page.Keyboard.PressAsync("End");
        await Expect(Page.Locator(".table-footer")).ToContainTextAsync("150 traces loaded");
        await Page.Keyboard.PressAsync("End");
        await Expect(Table.Locator("[data-trace-id='s-149']")).ToBeVisibleAsync();
        await Expect(Table.Locator("[data-trace-id='s-149']")).ToHaveAttributeAsync("aria-rowindex", "151");

        // Back returns to the previous sort; a reload keeps the current one.
        await Page.GoBackAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("sort=duration&order=desc"));
        await Expect(DataRows.First).ToHaveAttributeAsync("data-trace-id", "s-149");
        await Page.ReloadAsync();
        await Expect(DataRows.First).ToHaveAttributeAsync("data-trace-id", "s-149");
        await Page.GoBackAsync();
        await Expect(Page).ToHaveURLAsync(newestFirstUrl);
        await Expect(DataRows.First).ToHaveAttributeAsync("data-trace-id", "s-000");
    }

    [Test]
    public async Task Sorting_by_name_or_tokens_uses_the_server_order()
    {
        var log = await NewProjectAsync("sort-name");
        await log.InsertAsync(
        [
            .. AgentTrace("n-b", "b?", "b", secondsAgo: 30),
            .. AgentTrace("n-a", "a?", "a", secondsAgo: 20),
            SpanLog.Span("n-c", "n-c", null, "zeta job", "task", JsonValue.Create("c"), JsonValue.Create("c"), 10, 0.1),
        ]);
        await SignInAsync();
        await Page.GotoAsync(await LogsUrlAsync(log));
        await Expect(DataRows).ToHaveCountAsync(3);

        await Page.GetByRole(AriaRole.Button, new() { Name = "Name" }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("sort=name&order=desc"));
        await Expect(DataRows.First).ToHaveAttributeAsync("data-trace-id", "n-c");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Tokens" }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("sort=tokens&order=desc"));
        await Expect(DataRows.Last).ToHaveAttributeAsync("data-trace-id", "n-c");
        await Expect(Page.Locator(".table-footer")).ToContainTextAsync("most tokens first");
    }

    [Test]
    public async Task Live_traces_do_not_break_a_non_time_sort_and_are_offered_as_new_traces()
    {
        var log = await NewProjectAsync("sort-live");
        await log.InsertAsync([.. Enumerable.Range(0, 5).Select(i =>
            SpanLog.Span($"l-{i}", $"l-{i}", null, $"job {i}", "task", JsonValue.Create($"q{i}"), JsonValue.Create("ok"), 60 - i, 1 + i))]);
        await SignInAsync();
        await Page.GotoAsync(await LogsUrlAsync(log) + "?error=false&sort=duration&order=asc");
        await Expect(Page.Locator(".live-indicator")).ToHaveTextAsync("● live");
        await Expect(DataRows).ToHaveCountAsync(5);
        await Expect(DataRows.First).ToHaveAttributeAsync("data-trace-id", "l-0");

        // A new trace the filter excludes (it failed) is not announced; the next one, newest and shortest, is:
        // newest-first merging would put it on top of a list sorted by duration, so it is offered instead.
        await log.InsertAsync(SpanLog.Span("l-err", "l-err", null, "failed new job", "task", JsonValue.Create("err"), null, 2, 0.1,
            new JsonObject { ["error"] = "boom" }));
        await log.InsertAsync(SpanLog.Span("l-new", "l-new", null, "quick new job", "task", JsonValue.Create("new"), JsonValue.Create("ok"), 1, 0.2));
        var offer = Page.GetByRole(AriaRole.Button, new() { Name = "1 new trace · show" });
        await Expect(offer).ToBeVisibleAsync();
        await Expect(DataRows).ToHaveCountAsync(5);
        await Expect(DataRows.First).ToHaveAttributeAsync("data-trace-id", "l-0");
        await ScreenshotAsync("logs-sorted-new-traces");

        await offer.ClickAsync();
        await Expect(offer).ToHaveCountAsync(0);
        await Expect(DataRows).ToHaveCountAsync(6);
        await Expect(DataRows.First).ToHaveAttributeAsync("data-trace-id", "l-new");
        await Expect(Table.Locator("[data-trace-id='l-err']")).ToHaveCountAsync(0);
        await Expect(Page).ToHaveURLAsync(new Regex("sort=duration&order=asc"));
    }
}

using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Braintrust.Traced.UI.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Braintrust.Traced.UI.Tests;

/// <summary>
/// Absolute from/to ranges on the logs table and the monitor page. The browser runs in New York time, so the test
/// proves the pickers show and take local time while the URL and the API carry UTC.
/// </summary>
public sealed class TimeRangeTests : UiTestBase
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    protected override string? TimezoneId => "America/New_York";

    [Test]
    public async Task A_custom_range_on_the_logs_table_takes_local_times_sends_UTC_and_is_kept_in_the_URL()
    {
        var log = await NewProjectAsync("range-logs");
        await log.InsertAsync(
        [
            .. AgentTrace("recent", "asked ten minutes ago", "a", secondsAgo: 10 * 60),
            .. AgentTrace("earlier", "asked ninety minutes ago", "b", secondsAgo: 90 * 60),
            .. AgentTrace("old", "asked five hours ago", "c", secondsAgo: 5 * 3600),
        ]);
        var now = DateTimeOffset.UtcNow;
        var from = Minute(now.AddHours(-2));
        var to = Minute(now.AddHours(-1));
        await SignInAsync();
        await Page.GotoAsync(await LogsUrlAsync(log));
        var table = Page.GetByRole(AriaRole.Grid, new() { Name = "Traces" });
        await Expect(table.Locator("[data-trace-id]")).ToHaveCountAsync(3);
        var unfilteredUrl = Page.Url;

        await Page.GetByLabel("Time range").SelectOptionAsync("custom");
        await Page.GetByLabel("From", new() { Exact = true }).FillAsync(LocalInput(from));
        await Page.GetByLabel("To", new() { Exact = true }).FillAsync(LocalInput(to));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();

        await Expect(Page).ToHaveURLAsync(new Regex($"from={Regex.Escape(Uri.EscapeDataString(Iso(from)))}&to={Regex.Escape(Uri.EscapeDataString(Iso(to)))}"));
        await Expect(table.Locator("[data-trace-id]")).ToHaveCountAsync(1);
        await Expect(table.Locator("[data-trace-id='earlier']")).ToBeVisibleAsync();
        await ScreenshotAsync("logs-custom-range");
        var filteredUrl = Page.Url;

        // Back and forward move between the unfiltered and the filtered view.
        await Page.GoBackAsync();
        await Expect(Page).ToHaveURLAsync(unfilteredUrl);
        await Expect(table.Locator("[data-trace-id]")).ToHaveCountAsync(3);
        await Page.GoForwardAsync();
        await Expect(Page).ToHaveURLAsync(filteredUrl);
        await Expect(table.Locator("[data-trace-id]")).ToHaveCountAsync(1);

        // A deep link opens the same range, shown in the pickers in local time.
        await Page.GotoAsync("about:blank");
        await Page.GotoAsync(filteredUrl);
        await Expect(table.Locator("[data-trace-id='earlier']")).ToBeVisibleAsync();
        await Expect(table.Locator("[data-trace-id]")).ToHaveCountAsync(1);
        await Expect(Page.GetByLabel("From", new() { Exact = true })).ToHaveValueAsync(LocalInput(from));
        await Expect(Page.GetByLabel("To", new() { Exact = true })).ToHaveValueAsync(LocalInput(to));
    }

    [Test]
    public async Task A_range_that_ends_before_it_starts_is_refused_naming_the_field()
    {
        var log = await NewProjectAsync("range-invalid");
        await SignInAsync();
        await Page.GotoAsync(await LogsUrlAsync(log));
        var url = Page.Url;
        await Page.GetByLabel("Time range").SelectOptionAsync("custom");
        await Page.GetByLabel("From", new() { Exact = true }).FillAsync("2026-01-10T10:00");
        await Page.GetByLabel("To", new() { Exact = true }).FillAsync("2026-01-10T09:00");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("To: must be later than From");
        Assert.That(Page.Url, Is.EqualTo(url), "an invalid range is not applied");
    }

    [Test]
    public async Task A_custom_range_on_the_monitor_page_charts_only_that_window_and_is_kept_in_the_URL()
    {
        var log = await NewProjectAsync("range-monitor");
        var events = new List<JsonObject>();
        for (var i = 0; i < 6; i++)
        {
            events.AddRange(AgentTrace($"mr-{i}", $"q{i}", $"a{i}", secondsAgo: 600 + i * 600));
        }
        await log.InsertAsync([.. events]);
        await SignInAsync();
        await Page.GotoAsync($"/orgs/{await Server.OrgIdAsync()}/projects/{log.ProjectId}/monitor?range=24h");
        var traces = Page.Locator("figure[data-chart='Traces']");
        await Expect(traces).Not.ToHaveAttributeAsync("data-points", "0");

        // A window long before anything was logged: the chart is empty, so the range really reached the server.
        var from = Minute(DateTimeOffset.UtcNow.AddDays(-20));
        var to = Minute(DateTimeOffset.UtcNow.AddDays(-19));
        await Page.GetByRole(AriaRole.Button, new() { Name = "custom…" }).ClickAsync();
        await Page.GetByLabel("From", new() { Exact = true }).FillAsync(LocalInput(from));
        await Page.GetByLabel("To", new() { Exact = true }).FillAsync(LocalInput(to));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Apply range" }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex($"/monitor\\?from={Regex.Escape(Uri.EscapeDataString(Iso(from)))}&to={Regex.Escape(Uri.EscapeDataString(Iso(to)))}$"));
        await Expect(traces.Locator("canvas")).ToBeVisibleAsync();
        await Expect(traces).ToHaveAttributeAsync("data-points", "0");

        // The last two hours as an absolute range: the traces are back.
        var recentFrom = Minute(DateTimeOffset.UtcNow.AddHours(-2));
        var recentTo = Minute(DateTimeOffset.UtcNow.AddMinutes(2));
        await Page.GetByLabel("From", new() { Exact = true }).FillAsync(LocalInput(recentFrom));
        await Page.GetByLabel("To", new() { Exact = true }).FillAsync(LocalInput(recentTo));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Apply range" }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex($"from={Regex.Escape(Uri.EscapeDataString(Iso(recentFrom)))}"));
        await Expect(traces).Not.ToHaveAttributeAsync("data-points", "0");
        await ScreenshotAsync("monitor-custom-range");

        await Page.GoBackAsync();
        await Expect(Page).ToHaveURLAsync(new Regex($"from={Regex.Escape(Uri.EscapeDataString(Iso(from)))}"));
        await Expect(traces).ToHaveAttributeAsync("data-points", "0");
        await Page.GoBackAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("range=24h$"));
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "24h" })).ToHaveAttributeAsync("aria-pressed", "true");
    }

    private static DateTimeOffset Minute(DateTimeOffset t) => new(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, TimeSpan.Zero);

    /// <summary>What a New Yorker types into the picker for this instant.</summary>
    private static string LocalInput(DateTimeOffset utc)
        => TimeZoneInfo.ConvertTime(utc, NewYork).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    /// <summary>The UTC instant as the browser's Date.toISOString() writes it.</summary>
    private static string Iso(DateTimeOffset utc) => utc.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}

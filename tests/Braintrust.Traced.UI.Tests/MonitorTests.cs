using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Braintrust.Traced.UI.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Braintrust.Traced.UI.Tests;

public sealed class MonitorTests : UiTestBase
{
    [Test]
    public async Task The_monitor_page_charts_counts_latency_errors_tokens_and_scores_over_the_chosen_range()
    {
        var log = await NewProjectAsync("monitor");
        var events = new List<JsonObject>();
        for (var i = 0; i < 12; i++)
        {
            var root = $"m-{i}";
            events.AddRange(AgentTrace(root, $"question {i}", $"answer {i}", secondsAgo: 300 + i * 400));
            events[^3]["scores"] = new JsonObject { ["helpfulness"] = i % 2 == 0 ? 1.0 : 0.5 };
            if (i % 4 == 0)
            {
                events[^3]["error"] = "RateLimitError: slow down";
            }
        }
        await log.InsertAsync([.. events]);
        await SignInAsync();
        await Page.GotoAsync(await LogsUrlAsync(log));
        await Page.GetByRole(AriaRole.Link, new() { Name = "Monitor" }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("/monitor\\?range=24h"));

        foreach (var chart in new[] { "Traces", "Latency", "Error rate", "Tokens", "Scores" })
        {
            var figure = Page.Locator($"figure[data-chart='{chart}']");
            await Expect(figure.Locator("canvas")).ToBeVisibleAsync();
            Assert.That(int.Parse(await figure.GetAttributeAsync("data-points") ?? "0"), Is.GreaterThan(0), $"{chart} has data");
        }
        await Expect(Page.Locator("figure[data-chart='Scores']")).ToContainTextAsync("helpfulness");
        await Expect(Page.Locator("figure[data-chart='Latency']")).ToContainTextAsync("p95");
        await ScreenshotAsync("monitor");

        await Page.GetByRole(AriaRole.Button, new() { Name = "1h" }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("range=1h"));
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "1h" })).ToHaveAttributeAsync("aria-pressed", "true");
        // Within the last hour only the newest traces (300 s and 700 s ago... up to 3500 s) count.
        var traces = Page.Locator("figure[data-chart='Traces']");
        await Expect(traces.Locator("canvas")).ToBeVisibleAsync();
        Assert.That(int.Parse(await traces.GetAttributeAsync("data-points") ?? "0"), Is.GreaterThan(0));
    }
}

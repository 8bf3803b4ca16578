using Braintrust.Traced.UI.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Braintrust.Traced.UI.Tests;

/// <summary>A trace and its feedback logged by the .NET runtime (BraintrustLogger) into the server, then read in the UI.</summary>
public sealed class RuntimeLoggingTests : UiTestBase
{
    [Test]
    public async Task A_trace_and_feedback_logged_with_the_runtime_show_up_in_the_ui()
    {
        var projectName = "runtime-" + Guid.NewGuid().ToString("N")[..6];
        string rootId;
        await using (var logger = BraintrustLogger.Init(projectName, new BraintrustOptions
        {
            ApiKey = UiTestServer.AdminKey,
            AppUrl = Server.BaseUrl,
            ApiUrl = Server.BaseUrl,
        }))
        {
            using (var root = logger.StartSpan("runtime_pipeline"))
            {
                rootId = root.Id;
                root.Log(input: new { question = "How many moons does Mars have?" }, output: "Two: Phobos and Deimos.");
                using var llm = root.StartSpan("runtime_llm", SpanType.Llm);
                llm.Log(
                    input: new object[] { new { role = "user", content = "How many moons does Mars have?" } },
                    output: new object[] { new { index = 0, message = new { role = "assistant", content = "Two: Phobos and Deimos." } } },
                    metadata: new Dictionary<string, object?> { ["model"] = "gpt-4o-mini" },
                    metrics: new Dictionary<string, double> { ["prompt_tokens"] = 12, ["completion_tokens"] = 8, ["tokens"] = 20 });
            }
            logger.LogFeedback(rootId, scores: new Dictionary<string, double?> { ["correctness"] = 0.8 }, comment: "Verified against NASA facts.", source: "app");
            await logger.FlushAsync();
            Assert.That(logger.FailedRowCount, Is.Zero, "the server accepted every row");
        }

        await SignInAsync();
        await Page.GetByRole(AriaRole.Link, new() { Name = projectName }).ClickAsync();
        var row = Page.GetByRole(AriaRole.Row).Filter(new() { HasText = "runtime_pipeline" });
        await Expect(row).ToContainTextAsync("How many moons does Mars have?");
        await Expect(row.Locator("[data-score='correctness']")).ToContainTextAsync("0.8");
        await Expect(row).ToContainTextAsync("20"); // tokens

        await row.ClickAsync();
        var details = Page.GetByRole(AriaRole.Region, new() { Name = "Span details" });
        await Expect(details.Locator("[data-section='Comments']")).ToContainTextAsync("Verified against NASA facts.");
        await Page.GetByRole(AriaRole.Tree).GetByText("runtime_llm").ClickAsync();
        await Expect(details.Locator(".chat-message.role-assistant")).ToContainTextAsync("Two: Phobos and Deimos.");
        await Expect(details.Locator(".llm-summary")).ToContainTextAsync("gpt-4o-mini");
    }

    [Test]
    public async Task A_long_running_trace_shows_while_it_runs_and_completes_live_when_it_ends()
    {
        var projectName = "running-" + Guid.NewGuid().ToString("N")[..6];
        await using var logger = BraintrustLogger.Init(projectName, new BraintrustOptions
        {
            ApiKey = UiTestServer.AdminKey,
            AppUrl = Server.BaseUrl,
            ApiUrl = Server.BaseUrl,
            FlushInterval = TimeSpan.FromMilliseconds(50),
            // The product default (2 s), not a short one: the early row snapshots the input logged by then, and with
            // 200 ms a loaded CI machine could stall this thread between StartSpan and Log long enough to ship the row
            // without it. Signing in below takes about as long anyway, and the expectations wait up to 15 s.
            ShowRunningTracesAfter = TimeSpan.FromSeconds(2),
        });
        var root = logger.StartSpan("research_agent");
        root.Log(input: "Compare three flights to Lisbon");
        using (var step = root.StartSpan("search_flights", SpanType.Tool))
        {
            step.Log(output: "3 flights found");
        }
        var compare = root.StartSpan("compare_prices", SpanType.Llm);

        await SignInAsync();
        await Page.GetByRole(AriaRole.Link, new() { Name = projectName }).ClickAsync();
        await Expect(Page.Locator(".live-indicator")).ToHaveTextAsync("● live");
        var row = Page.GetByRole(AriaRole.Row).Filter(new() { HasText = "research_agent" });
        await Expect(row).ToContainTextAsync("Compare three flights to Lisbon");
        await Expect(row.Locator(".running-badge")).ToHaveTextAsync("running");

        await row.ClickAsync();
        var tree = Page.GetByRole(AriaRole.Tree);
        await Expect(tree.GetByText("search_flights")).ToBeVisibleAsync();
        await Expect(tree.GetByRole(AriaRole.Treeitem).Filter(new() { HasText = "compare_prices" }).Locator(".running-badge")).ToBeVisibleAsync();
        await Expect(tree.GetByRole(AriaRole.Treeitem).Filter(new() { HasText = "compare_prices" }).Locator(".bar-running")).ToBeVisibleAsync();
        await Expect(tree.GetByRole(AriaRole.Treeitem).Filter(new() { HasText = "search_flights" }).Locator(".running-badge")).ToHaveCountAsync(0);
        await Expect(Page.Locator(".trace-panel-header .running-badge")).ToBeVisibleAsync();
        await ScreenshotAsync("running-trace");

        compare.Log(output: "TAP is cheapest");
        compare.End();

        root.Log(output: "TAP 09:10, 212 EUR");
        root.End();
        await logger.FlushAsync();
        await Expect(row).ToContainTextAsync("TAP 09:10, 212 EUR");
        await Expect(row.Locator(".running-badge")).ToHaveCountAsync(0);
        await Expect(Page.Locator(".trace-panel-header .running-badge")).ToHaveCountAsync(0);
        await Expect(tree.Locator(".running-badge")).ToHaveCountAsync(0);
        Assert.That(logger.FailedRowCount, Is.Zero, "the server accepted every row");
    }
}

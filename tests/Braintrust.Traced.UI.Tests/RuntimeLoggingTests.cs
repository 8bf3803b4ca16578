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
}

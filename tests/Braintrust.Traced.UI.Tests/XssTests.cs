using System.Text.Json.Nodes;
using Braintrust.Traced.UI.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Braintrust.Traced.UI.Tests;

/// <summary>Logged text is data: markup in a span is shown as text and never runs (the base class fails on any dialog or page error).</summary>
public sealed class XssTests : UiTestBase
{
    private const string ImgPayload = "<img src=x onerror=\"alert(1);window.__pwned=1\">";
    private const string ScriptPayload = "</script><script>alert(2);window.__pwned=2</script>";
    private const string NamePayload = "<b onmouseover=alert(3)>bold</b>";

    [Test]
    public async Task Markup_in_logged_spans_is_shown_as_text_in_the_table_the_tree_and_the_details_and_runs_nothing()
    {
        var log = await NewProjectAsync("xss");
        await log.InsertAsync(
            SpanLog.Span("x-root", "x-root", null, NamePayload, "task", JsonValue.Create(ImgPayload), JsonValue.Create(ScriptPayload), 10, 1,
                new JsonObject
                {
                    ["metadata"] = new JsonObject { ["<svg onload=alert(4)>"] = "<iframe src=javascript:alert(5)>" },
                    ["tags"] = new JsonArray("<script>alert(6)</script>"),
                }),
            SpanLog.Span("x-llm", "x-root", "x-root", "chat", "llm",
                new JsonArray(new JsonObject { ["role"] = "user", ["content"] = ImgPayload }),
                new JsonArray(new JsonObject { ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = ScriptPayload } }), 9.5, 0.5));
        await SignInAsync();
        await Page.GotoAsync(await LogsUrlAsync(log));

        var row = Page.GetByRole(AriaRole.Row).Filter(new() { HasText = "bold</b>" });
        await Expect(row).ToContainTextAsync(NamePayload);
        await Expect(row).ToContainTextAsync(ImgPayload);
        await Expect(row).ToContainTextAsync("<script>alert(6)</script>");
        await row.HoverAsync();
        await row.ClickAsync();

        var details = Page.GetByRole(AriaRole.Region, new() { Name = "Span details" });
        await Expect(details.Locator("[data-section='Input']")).ToContainTextAsync(ImgPayload);
        await Expect(details.Locator("[data-section='Output']")).ToContainTextAsync(ScriptPayload);
        await Expect(details.Locator("[data-section='Metadata']")).ToContainTextAsync("<iframe src=javascript:alert(5)>");
        await Page.GetByRole(AriaRole.Tree).GetByText("chat").ClickAsync();
        await Expect(details.Locator(".chat-message.role-user")).ToContainTextAsync(ImgPayload);
        await Expect(details.Locator(".chat-message.role-assistant")).ToContainTextAsync(ScriptPayload);

        var injectedElements = await Page.Locator("main img, main iframe, main svg, main b").CountAsync();
        var scripts = await Page.Locator("script").CountAsync();
        var payloadRan = await Page.EvaluateAsync<bool>("window.__pwned !== undefined");
        Assert.Multiple(() =>
        {
            Assert.That(injectedElements, Is.Zero, "no logged markup became elements");
            Assert.That(scripts, Is.EqualTo(1), "only the app's own script");
            Assert.That(payloadRan, Is.False, "no payload ran");
        });
        await ScreenshotAsync("xss-shown-as-text");
    }
}

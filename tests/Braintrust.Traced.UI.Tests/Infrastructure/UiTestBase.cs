using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Braintrust.Traced.UI.Tests.Infrastructure;

/// <summary>
/// One server and one browser per fixture; every test gets a fresh browser context (its own cookies) and page.
/// Any JavaScript dialog (alert/confirm/prompt) or uncaught page error is recorded and fails the test: logged text
/// must never run, and the app must not throw.
/// </summary>
public abstract class UiTestBase
{
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private IBrowserContext _context = null!;

    internal UiTestServer Server { get; private set; } = null!;

    protected IPage Page { get; private set; } = null!;

    protected List<string> Dialogs { get; } = [];

    protected List<string> PageErrors { get; } = [];

    protected List<string> CspViolations { get; } = [];

    /// <summary>The browser's time zone (null: the machine's); a fixture overrides it to test local-time display.</summary>
    protected virtual string? TimezoneId => null;

    /// <summary>Extra server settings (command-line style, e.g. a short running timeout) a fixture's server starts with.</summary>
    protected virtual string[] ServerArguments => [];

    [OneTimeSetUp]
    public async Task StartServerAndBrowserAsync()
    {
        // Generous waits: CI runs several test assemblies at once on two cores.
        Assertions.SetDefaultExpectTimeout(15_000);
        Server = await UiTestServer.StartAsync(null, ServerArguments);
        (_playwright, _browser) = await Chromium.LaunchAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _browser.CloseAsync();
        _playwright.Dispose();
        await Server.DisposeAsync();
    }

    [SetUp]
    public async Task OpenPageAsync()
    {
        Dialogs.Clear();
        PageErrors.Clear();
        CspViolations.Clear();
        _context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Server.BaseUrl,
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
            Permissions = ["clipboard-read", "clipboard-write"],
            TimezoneId = TimezoneId,
        });
        _context.SetDefaultTimeout(15_000);
        Page = await _context.NewPageAsync();
        Page.Dialog += (_, dialog) =>
        {
            Dialogs.Add($"{dialog.Type}: {dialog.Message}");
            _ = dialog.DismissAsync();
        };
        Page.PageError += (_, error) => PageErrors.Add(error);
        Page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                CspViolations.Add(message.Text);
            }
        };
    }

    [TearDown]
    public async Task ClosePageAsync()
    {
        await _context.CloseAsync();
        Assert.Multiple(() =>
        {
            Assert.That(Dialogs, Is.Empty, "a JavaScript dialog opened");
            Assert.That(PageErrors, Is.Empty, "the page threw");
            Assert.That(CspViolations, Is.Empty, "the page broke its own Content-Security-Policy");
        });
    }

    protected async Task SignInAsync(string apiKey = UiTestServer.AdminKey)
    {
        await Page.GotoAsync("/");
        await Page.GetByLabel("API key").FillAsync(apiKey);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
    }

    private protected async Task<string> LogsUrlAsync(SpanLog log) => $"/orgs/{await Server.OrgIdAsync()}/projects/{log.ProjectId}/logs";

    private protected Task<SpanLog> NewProjectAsync(string name) => SpanLog.CreateProjectAsync(Server.Api, name + "-" + Guid.NewGuid().ToString("N")[..6]);

    /// <summary>
    /// Saves a screenshot under the test output and, when <c>BRAINTRUST_TRACED_UPDATE_SCREENSHOTS=1</c>, as the current
    /// one under docs/images (opt-in: every run differs by a few pixels, and a test run should not leave the working tree
    /// changed).
    /// </summary>
    protected async Task ScreenshotAsync(string name)
    {
        var bytes = await Page.ScreenshotAsync();
        var outputDir = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots");
        Directory.CreateDirectory(outputDir);
        await File.WriteAllBytesAsync(Path.Combine(outputDir, name + ".png"), bytes);
        if (Environment.GetEnvironmentVariable("BRAINTRUST_TRACED_UPDATE_SCREENSHOTS") == "1")
        {
            Directory.CreateDirectory(RepositoryPaths.DocsImages);
            await File.WriteAllBytesAsync(Path.Combine(RepositoryPaths.DocsImages, name + ".png"), bytes);
        }

        TestContext.AddTestAttachment(Path.Combine(outputDir, name + ".png"));
    }

    /// <summary>A small agent trace: a task root, an LLM call (chat messages, model, tokens) and a tool call.</summary>
    protected static JsonObject[] AgentTrace(string root, string question, string answer, double secondsAgo = 5, string city = "Oslo")
    {
        var llm = $"{root}-llm";
        var tool = $"{root}-tool";
        return
        [
            SpanLog.Span(root, root, null, "answer_question", "task", JsonValue.Create(question), JsonValue.Create(answer), secondsAgo, 1.5,
                new JsonObject { ["tags"] = new JsonArray("prod"), ["metadata"] = new JsonObject { ["customer"] = "contoso" } }),
            SpanLog.Span(llm, root, root, "chat.completions", "llm",
                new JsonArray(
                    new JsonObject { ["role"] = "system", ["content"] = "You are a helpful assistant." },
                    new JsonObject { ["role"] = "user", ["content"] = question }),
                new JsonArray(new JsonObject { ["index"] = 0, ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = answer } }),
                secondsAgo - 0.2, 0.9,
                new JsonObject
                {
                    ["metadata"] = new JsonObject { ["model"] = "gpt-4o-mini", ["temperature"] = 0.2 },
                    ["metrics"] = new JsonObject
                    {
                        ["start"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0 - (secondsAgo - 0.2),
                        ["end"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0 - (secondsAgo - 1.1),
                        ["prompt_tokens"] = 42, ["completion_tokens"] = 17, ["tokens"] = 59,
                    },
                }),
            SpanLog.Span(tool, root, llm, "lookup_weather", "tool", new JsonObject { ["city"] = city }, new JsonObject { ["celsius"] = 4 }, secondsAgo - 0.5, 0.3),
        ];
    }
}

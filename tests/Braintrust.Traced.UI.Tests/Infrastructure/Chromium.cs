using Microsoft.Playwright;

namespace Braintrust.Traced.UI.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium under Playwright. The browser is never downloaded: it is launched by path (/usr/bin/chromium,
/// or BRAINTRUST_TRACED_CHROMIUM), with the flags a headless CI container needs.
/// </summary>
internal static class Chromium
{
    public const string DefaultPath = "/usr/bin/chromium";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var path = Environment.GetEnvironmentVariable("BRAINTRUST_TRACED_CHROMIUM") is { Length: > 0 } configured ? configured : DefaultPath;
        if (!File.Exists(path))
        {
            Assert.Fail($"Chromium not found at {path}: install Debian's chromium package (apt-get install chromium) or set BRAINTRUST_TRACED_CHROMIUM.");
        }
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = path,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
            ],
        });
        return (playwright, browser);
    }
}

using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Microsoft.Playwright;

namespace Braintrust.Traced.UI.Load;

/// <summary>What a user does on a large project, measured in the browser: open the logs, scroll, open traces.</summary>
internal sealed class LogsTableProbe(IPage page)
{
    private const double WheelPixels = 240;
    private static readonly TimeSpan ScrollBudget = TimeSpan.FromMinutes(5);

    public static async Task<string> ProbeScriptAsync()
    {
        await using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("probe.js")!;
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    public async Task SignInAsync(string apiKey)
    {
        await page.GotoAsync("/sign-in");
        await page.GetByLabel("API key").FillAsync(apiKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).WaitForAsync();
    }

    /// <summary>Milliseconds from navigation to the first row of the table being on screen.</summary>
    public async Task<double> OpenLogsAsync(string url)
    {
        var watch = Stopwatch.StartNew();
        await page.GotoAsync(url);
        await page.Locator("[data-trace-id]").First.WaitForAsync(new() { Timeout = 120_000 });
        return watch.Elapsed.TotalMilliseconds;
    }

    /// <summary>Scrolls the table with the mouse wheel, as a user would, until <paramref name="rows"/> rows have gone by.</summary>
    public async Task<ScrollResult> ScrollAsync(int rows)
    {
        var scroller = page.GetByTestId("trace-scroller");
        var box = (await scroller.BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + box.Width / 2, box.Y + box.Height / 2);
        await page.EvaluateAsync("window.__bench.start()");
        var watch = Stopwatch.StartNew();
        var targetTop = rows * 36.0;
        while (watch.Elapsed < ScrollBudget)
        {
            await page.Mouse.WheelAsync(0, (float)WheelPixels);
            await Task.Delay(16);
            var top = await scroller.EvaluateAsync<double>("e => e.scrollTop");
            if (top >= targetTop)
            {
                break;
            }
        }
        var elapsed = watch.Elapsed;
        await page.EvaluateAsync("window.__bench.stop()");
        var json = await page.EvaluateAsync<JsonElement>(
            "JSON.parse(JSON.stringify({ frames: __bench.frames, longTasks: __bench.longTasks, pageFetches: __bench.pageFetches, rowCounts: __bench.rowCounts, stalledMs: __bench.stalledMs, loaded: __bench.lastCount, top: document.querySelector('[data-testid=trace-scroller]').scrollTop }))");
        var frames = json.GetProperty("frames").EnumerateArray().Select(f => f.GetDouble()).ToArray();
        var frameTimes = frames.Zip(frames.Skip(1), (a, b) => b - a).ToArray();
        var fetches = json.GetProperty("pageFetches").EnumerateArray()
            .Select(f => (Started: f.GetProperty("started").GetDouble(), Answered: f.GetProperty("answered").GetDouble())).ToArray();
        var counts = json.GetProperty("rowCounts").EnumerateArray().Select(c => c.GetProperty("t").GetDouble()).ToArray();
        // Pages load one at a time: the i-th request's rows are the i-th growth of the loaded count.
        var pageAppear = fetches.Zip(counts, (f, shown) => shown - f.Started).ToArray();
        return new ScrollResult(
            elapsed,
            (int)(json.GetProperty("top").GetDouble() / 36),
            json.GetProperty("loaded").GetInt32(),
            new Percentiles(frameTimes),
            frameTimes.Count(t => t > 50),
            new Percentiles(json.GetProperty("longTasks").EnumerateArray().Select(t => t.GetDouble())),
            new Percentiles(fetches.Select(f => f.Answered - f.Started)),
            new Percentiles(pageAppear),
            json.GetProperty("stalledMs").GetDouble());
    }

    /// <summary>Milliseconds from clicking a row to its span tree and span details being on screen, for several rows.</summary>
    public async Task<Percentiles> OpenTracesAsync(int count)
    {
        var times = new List<double>();
        for (var i = 0; i < count; i++)
        {
            var rows = page.Locator("[data-trace-id]");
            var row = rows.Nth(2 + i % 8);
            var watch = Stopwatch.StartNew();
            await row.ClickAsync();
            await page.GetByRole(AriaRole.Tree, new() { Name = "Spans" }).GetByRole(AriaRole.Treeitem).First.WaitForAsync();
            await page.GetByRole(AriaRole.Region, new() { Name = "Span details" }).WaitForAsync();
            times.Add(watch.Elapsed.TotalMilliseconds);
            await page.Keyboard.PressAsync("Escape");
            await page.GetByRole(AriaRole.Tree, new() { Name = "Spans" }).WaitForAsync(new() { State = WaitForSelectorState.Detached });
        }
        return new Percentiles(times);
    }
}

internal sealed record ScrollResult(
    TimeSpan Elapsed,
    int RowsScrolled,
    int RowsLoaded,
    Percentiles FrameTimes,
    int FramesOver50Ms,
    Percentiles LongTasks,
    Percentiles PageResponses,
    Percentiles PageAppear,
    double StalledMs);

using System.Globalization;
using System.Runtime.InteropServices;
using Braintrust.Traced.Server.Load;
using Braintrust.Traced.UI.Load;
using Microsoft.Playwright;

// The web UI on a large project (issue 7): fill a server with --spans spans over HTTP, then, in Debian's Chromium
// driven by Playwright, open the logs table, wheel-scroll through --scroll-rows rows (keyset pages loading as it
// goes) and open --opens traces, measuring frame times, long tasks, page loads and trace opening.
// Usage: flock /tmp/bench.lock dotnet run -c Release --project bench/Braintrust.Traced.UI.Load -- [--spans N] [--data-dir PATH] ...
UiLoadOptions options;
try
{
    options = UiLoadOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
static string F(double value, string format = "N0") => double.IsNaN(value) ? "—" : value.ToString(format, CultureInfo.InvariantCulture);

// The bundle the server's build wrote into the repository (src/Braintrust.Traced.Server/wwwroot/app).
var uiDir = UiBundlePath.Find();
if (uiDir is null)
{
    Console.Error.WriteLine("The UI bundle (src/Braintrust.Traced.Server/wwwroot/app) is missing: build the server without -p:BraintrustTracedSkipUiBuild=true.");
    return 1;
}
var chromium = Environment.GetEnvironmentVariable("BRAINTRUST_TRACED_CHROMIUM") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
if (!File.Exists(chromium))
{
    Console.Error.WriteLine($"Chromium not found at {chromium}: apt-get install chromium, or set BRAINTRUST_TRACED_CHROMIUM.");
    return 1;
}
var cpu = File.Exists("/proc/cpuinfo")
    ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
    : null;
Console.WriteLine($"machine: {Environment.ProcessorCount} cores ({cpu ?? RuntimeInformation.ProcessArchitecture.ToString()}), {RuntimeInformation.OSDescription}");
Console.WriteLine($"options: {F(options.Spans)} spans, {options.Clients} clients, scroll {F(options.ScrollRows)} rows, open {options.TraceOpens} traces");

await using var server = await ChildServer.StartAsync(
    dataDir: options.DataDir, environment: new Dictionary<string, string> { ["BRAINTRUST_TRACED_UI_DIR"] = uiDir });
using (var client = server.CreateClient())
{
    var (projectId, orgId) = await ChildServer.RegisterProjectAsync(client, "ui-large");
    await StoreFiller.FillAsync(client, server.DataDir, projectId, options.Spans, options.Clients);

    Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
    using var playwright = await Playwright.CreateAsync();
    await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = chromium,
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
    });
    await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
    {
        BaseURL = server.Url,
        ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
    });
    context.SetDefaultTimeout(120_000);
    await context.AddInitScriptAsync(await LogsTableProbe.ProbeScriptAsync());
    var page = await context.NewPageAsync();
    var errors = new List<string>();
    page.PageError += (_, error) => errors.Add(error);
    var probe = new LogsTableProbe(page);
    await probe.SignInAsync(ChildServer.ApiKey);

    var logsUrl = $"/orgs/{orgId}/projects/{projectId}/logs";
    var firstRows = new List<double>();
    for (var i = 0; i < 3; i++)
    {
        firstRows.Add(await probe.OpenLogsAsync(logsUrl));
    }
    var scroll = await probe.ScrollAsync(options.ScrollRows);
    var opens = await probe.OpenTracesAsync(options.TraceOpens);

    Console.WriteLine();
    Console.WriteLine($"| Logs table, {F(options.Spans)} spans ({F(options.Spans / 5)} traces), SQLite | value |");
    Console.WriteLine("|---|---:|");
    Console.WriteLine($"| open the logs table: first rows on screen (median of 3) | {F(new Percentiles(firstRows).At(50))} ms |");
    Console.WriteLine($"| rows scrolled by mouse wheel / rows loaded | {F(scroll.RowsScrolled)} / {F(scroll.RowsLoaded)} in {F(scroll.Elapsed.TotalSeconds, "N1")} s |");
    Console.WriteLine($"| frame time p50 / p95 / p99 / max | {F(scroll.FrameTimes.At(50), "N1")} / {F(scroll.FrameTimes.At(95), "N1")} / {F(scroll.FrameTimes.At(99), "N1")} / {F(scroll.FrameTimes.Max, "N1")} ms ({F(scroll.FrameTimes.Count)} frames) |");
    Console.WriteLine($"| frames longer than 50 ms | {F(scroll.FramesOver50Ms)} |");
    Console.WriteLine($"| long tasks (> 50 ms): count / p95 / max | {F(scroll.LongTasks.Count)} / {F(scroll.LongTasks.At(95))} / {F(scroll.LongTasks.Max)} ms |");
    Console.WriteLine($"| next page (100 traces): server answer p50 / p95 | {F(scroll.PageResponses.At(50))} / {F(scroll.PageResponses.At(95))} ms ({F(scroll.PageResponses.Count)} pages) |");
    Console.WriteLine($"| next page: request to rows on screen p50 / p95 | {F(scroll.PageAppear.At(50))} / {F(scroll.PageAppear.At(95))} ms |");
    Console.WriteLine($"| time spent scrolled to the end, waiting for the next page | {F(scroll.StalledMs / 1000, "N1")} s |");
    Console.WriteLine($"| open a trace: span tree and details on screen p50 / p95 ({opens.Count} traces) | {F(opens.At(50))} / {F(opens.At(95))} ms |");
    if (errors.Count > 0)
    {
        Console.WriteLine($"page errors: {string.Join("; ", errors)}");
        return 1;
    }
}
return 0;

using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Braintrust.Traced.Proxy.Benchmarks;
using Braintrust.Traced.Server.Hosting;
using Braintrust.Traced.Server.Proxy;

// Added latency of the AI proxy over loopback: the same chat request sent (1) straight to a canned upstream,
// (2) through the proxy with the cache off (pass-through), (3) through the proxy as a cache hit.
// Goal (issue 9): a cache hit answers in under 1 ms p50. Usage: dotnet run -c Release --project bench/Braintrust.Traced.Proxy.Benchmarks [-- requests]
var requests = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
const string apiKey = "bench-admin-key-0123456789abcdef";
var dataDir = Directory.CreateTempSubdirectory("bt-proxy-bench-").FullName;

await using var upstream = await CannedUpstream.StartAsync();
var app = await ServerApp.CreateAsync(
[
    "--urls=http://127.0.0.1:0",
    $"--BRAINTRUST_TRACED_DATA_DIR={dataDir}",
    "--BRAINTRUST_TRACED_INIT_ORG=bench",
    $"--BRAINTRUST_TRACED_INIT_API_KEY={apiKey}",
    "--Logging:LogLevel:Default=Warning",
    $"--Proxy:Providers:openai:BaseUrl={upstream.BaseUrl}",
    "--Proxy:Providers:openai:ApiKey=sk-bench",
], TextWriter.Null);
await app.MapAiProxyAsync();
await app.StartAsync();
var server = ServerApp.Addresses(app).First();

using var http = new HttpClient();
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
const string body = """{"model":"gpt-4o-mini","seed":1,"messages":[{"role":"user","content":"What is the capital of France?"}]}""";

async Task<double[]> MeasureAsync(string url, string? cacheMode)
{
    var samples = new double[requests];
    for (var i = -requests / 10; i < requests; i++)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (cacheMode is not null)
        {
            request.Headers.Add(ProxyHeaders.UseCache, cacheMode);
        }
        var started = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        response.EnsureSuccessStatusCode();
        if (i >= 0)
        {
            samples[i] = elapsed;
        }
    }
    Array.Sort(samples);
    return samples;
}

static string Row(string name, double[] sorted)
    => string.Create(CultureInfo.InvariantCulture,
        $"| {name,-34} | {sorted[sorted.Length / 2],8:0.000} | {sorted[(int)(sorted.Length * 0.95)],8:0.000} | {sorted[(int)(sorted.Length * 0.99)],8:0.000} |");

var direct = await MeasureAsync(upstream.BaseUrl + "/chat/completions", null);
var passThrough = await MeasureAsync(server + "/v1/proxy/chat/completions", "never");
var hit = await MeasureAsync(server + "/v1/proxy/chat/completions", "always");

Console.WriteLine($"{requests} sequential requests each, loopback, {Environment.ProcessorCount} cores (ms)");
Console.WriteLine("| scenario                           |      p50 |      p95 |      p99 |");
Console.WriteLine("|------------------------------------|---------:|---------:|---------:|");
Console.WriteLine(Row("upstream directly", direct));
Console.WriteLine(Row("proxy pass-through (cache never)", passThrough));
Console.WriteLine(Row("proxy cache hit (SQLite)", hit));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"added by pass-through p50: {passThrough[requests / 2] - direct[requests / 2]:0.000} ms; cache hit p50 goal < 1 ms: {(hit[requests / 2] < 1 ? "met" : "NOT met")}"));

await app.StopAsync();
await app.DisposeAsync();
Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
Directory.Delete(dataDir, recursive: true);

using System.Diagnostics;
using System.Globalization;
using Braintrust.Traced.Server.Load;

namespace Braintrust.Traced.UI.Load;

/// <summary>
/// Fills a project over HTTP <c>POST /logs3</c>, 100 rows (20 traces of 5 spans) per request, several clients at once,
/// as SDKs would. A marker file in the data dir records a finished fill, so a kept data dir is filled only once.
/// </summary>
internal static class StoreFiller
{
    public static async Task FillAsync(HttpClient client, string dataDir, string projectId, int spans, int clients)
    {
        var marker = Path.Combine(dataDir, $"ui-load-filled-{projectId}-{spans}.txt");
        if (File.Exists(marker))
        {
            Console.WriteLine($"store already holds {spans:N0} spans (marker {marker}); skipping the fill");
            return;
        }
        var requests = spans / 100;
        var start = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 86_400.0;
        var factories = new ThreadLocal<SpanRowFactory>(() => new SpanRowFactory(Environment.CurrentManagedThreadId * 7919 + Random.Shared.Next(), start));
        var tenth = Math.Max(1, requests / 10);
        var started = Stopwatch.GetTimestamp();
        Console.WriteLine($"filling {requests * 100:N0} spans ({requests * 100 / SpanRowFactory.SpansPerTrace:N0} traces) with {clients} clients ...");
        var elapsed = await HttpIngest.RunAsync(client, requests, clients,
            i => Logs3Body.Build(factories.Value!, (long)i * Logs3Body.TracesPerRequest, projectId),
            done =>
            {
                if (done % tenth == 0)
                {
                    Console.WriteLine($"  {done * 100:N0} spans after {Stopwatch.GetElapsedTime(started).TotalSeconds:N0} s");
                }
            });
        Console.WriteLine($"filled in {elapsed.TotalSeconds:N0} s ({requests * 100 / elapsed.TotalSeconds:N0} spans/s)");
        await File.WriteAllTextAsync(marker, DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
    }
}

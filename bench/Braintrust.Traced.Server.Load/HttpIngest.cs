using System.Diagnostics;
using System.Net.Http.Headers;

namespace Braintrust.Traced.Server.Load;

/// <summary>Posts logs3 bodies with several concurrent clients; each body is sent once, each answer must be 2xx.</summary>
internal static class HttpIngest
{
    /// <summary>Sends <paramref name="requestCount"/> bodies made by <paramref name="body"/>(index) and returns the wall time.</summary>
    public static async Task<TimeSpan> RunAsync(HttpClient client, int requestCount, int clients, Func<int, byte[]> body,
        Action<int>? progress = null)
    {
        var next = -1;
        var done = 0;
        var started = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < requestCount)
            {
                using var content = new ByteArrayContent(body(index));
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var response = await client.PostAsync("/logs3", content);
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException(
                        $"POST /logs3 answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }
                await response.Content.ReadAsByteArrayAsync();
                progress?.Invoke(Interlocked.Increment(ref done));
            }
        })).ToArray();
        await Task.WhenAll(workers);
        return Stopwatch.GetElapsedTime(started);
    }
}

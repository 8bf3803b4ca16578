using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Braintrust.Traced.Server.Load;

/// <summary>
/// A few root spans with a start and no end (a process still running, or one that died), written into the query store
/// so <c>status=running</c> and <c>status=unfinished</c> have matches. The server judges them by <c>last_heard</c>, its
/// own write time, so "died long ago" cannot be backdated: the query server runs with a short
/// <see cref="RunningTimeoutSeconds"/>, the stale roots are written first, and once that timeout has passed since then
/// the fresh roots are written just before the status queries. Ids are fixed, so a reused store is written over, not grown.
/// </summary>
internal static class OpenRoots
{
    public const int PerKind = 10;

    /// <summary>Short enough to wait out in a run, long enough that the fresh roots stay running while they are queried
    /// (100 sequential pages take about a second; the sample stops after 60 s anyway, see <see cref="LatencySample"/>).</summary>
    public const int RunningTimeoutSeconds = 20;

    public static IReadOnlyDictionary<string, string> ServerEnvironment { get; } =
        new Dictionary<string, string> { ["BRAINTRUST_TRACED_RUNNING_TIMEOUT"] = RunningTimeoutSeconds.ToString(CultureInfo.InvariantCulture) };

    /// <summary>Roots whose process died: unfinished once <see cref="RunningTimeoutSeconds"/> have passed.</summary>
    public static Task WriteStaleAsync(HttpClient client, string projectId) => WriteAsync(client, projectId, "dead");

    /// <summary>Roots of processes still running: running for the next <see cref="RunningTimeoutSeconds"/>.</summary>
    public static Task WriteFreshAsync(HttpClient client, string projectId) => WriteAsync(client, projectId, "live");

    /// <summary>How many traces the first page of <paramref name="url"/> lists: shows the timed pages were not empty.</summary>
    public static async Task<int> CountOnFirstPageAsync(HttpClient client, string url)
    {
        var page = await client.GetFromJsonAsync<JsonObject>(url) ?? throw new InvalidOperationException($"GET {url} answered null");
        return page["traces"]!.AsArray().Count;
    }

    private static async Task WriteAsync(HttpClient client, string projectId, string kind)
    {
        // Started before every generated trace (those start one day ago), so the newest pages the other query kinds
        // time stay the same with or without these roots.
        var started = DateTimeOffset.UtcNow.AddDays(-2);
        var rows = Enumerable.Range(0, PerKind).Select(i =>
        {
            var id = $"open-{kind}-{i:D2}";
            var start = started.AddSeconds(i).ToUnixTimeMilliseconds() / 1000.0;
            return new Dictionary<string, object>
            {
                ["id"] = id,
                ["span_id"] = id,
                ["root_span_id"] = id,
                ["project_id"] = projectId,
                ["log_id"] = "g",
                ["_is_merge"] = false,
                ["input"] = new { messages = new[] { new { role = "user", content = $"an open {kind} request" } } },
                ["metrics"] = new { start },
                ["span_attributes"] = new { name = "handle_request", type = "task" },
            };
        }).ToArray();
        using var response = await client.PostAsJsonAsync("/logs3", new { rows, api_version = 2 });
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST /logs3 (open roots) answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}

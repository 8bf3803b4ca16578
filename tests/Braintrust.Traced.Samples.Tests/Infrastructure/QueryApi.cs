using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Braintrust.Traced.Samples.Tests.Infrastructure;

/// <summary>The server's query API (docs/server.md), as a script reading traces back would use it.</summary>
internal sealed class QueryApi(string url, string apiKey) : IDisposable
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(20);
    private readonly HttpClient _http = new()
    {
        BaseAddress = new Uri(url),
        Timeout = TimeSpan.FromSeconds(30),
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", apiKey) },
    };

    public async Task<string> ProjectIdAsync(string name)
    {
        var projects = await GetAsync("/api/v1/projects");
        var project = projects["projects"]!.AsArray().FirstOrDefault(p => (string?)p!["name"] == name)
            ?? throw new AssertionException($"no project named {name} in {projects.ToJsonString()}");
        return (string)project["id"]!;
    }

    /// <summary>The trace of <paramref name="rootSpanId"/>, once it holds at least <paramref name="spanCount"/> spans (other processes may still be shipping).</summary>
    public Task<JsonNode> TraceAsync(string projectId, string rootSpanId, int spanCount) =>
        EventuallyAsync($"/api/v1/projects/{projectId}/traces/{rootSpanId}", trace => (int)trace["span_count"]! >= spanCount);

    /// <summary>One span once <paramref name="ready"/> holds for it (feedback is shipped in the background).</summary>
    public Task<JsonNode> SpanAsync(string projectId, string id, Func<JsonNode, bool> ready) =>
        EventuallyAsync($"/api/v1/projects/{projectId}/spans/{id}", ready);

    public async Task<JsonNode> GetAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"GET {path}: {(int)response.StatusCode} {body}", null, response.StatusCode);
        }

        return JsonNode.Parse(body)!;
    }

    public void Dispose() => _http.Dispose();

    private async Task<JsonNode> EventuallyAsync(string path, Func<JsonNode, bool> ready)
    {
        var deadline = DateTime.UtcNow + s_patience;
        string last = "(nothing yet)";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var node = await GetAsync(path);
                if (ready(node))
                {
                    return node;
                }

                last = node.ToJsonString();
            }
            catch (HttpRequestException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                last = e.Message;
            }

            await Task.Delay(200);
        }

        throw new AssertionException($"GET {path} did not reach the expected state within {s_patience.TotalSeconds} s; last answer: {last}");
    }
}

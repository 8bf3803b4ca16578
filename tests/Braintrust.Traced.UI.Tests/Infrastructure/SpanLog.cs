using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Braintrust.Traced.UI.Tests.Infrastructure;

/// <summary>
/// Logs spans into a project through the server's public REST API (project create, project_logs insert), the path
/// scripts and integrations use. Times are relative to now, so traces land in the monitor's default window.
/// </summary>
internal sealed class SpanLog(HttpClient api, string projectId)
{
    public string ProjectId { get; } = projectId;

    public static async Task<SpanLog> CreateProjectAsync(HttpClient api, string name)
    {
        using var response = await api.PostAsJsonAsync("/v1/project", new { name });
        response.EnsureSuccessStatusCode();
        var project = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return new SpanLog(api, project["id"]!.GetValue<string>());
    }

    public async Task InsertAsync(params JsonObject[] events)
    {
        using var response = await api.PostAsJsonAsync($"/v1/project_logs/{ProjectId}/insert", new JsonObject { ["events"] = new JsonArray(events) });
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, $"insert failed: {(int)response.StatusCode} {body}");
    }

    /// <summary>A span event; <paramref name="startSecondsAgo"/> and <paramref name="durationSeconds"/> set its timing.</summary>
    public static JsonObject Span(string spanId, string rootSpanId, string? parentSpanId, string name, string type,
        JsonNode? input, JsonNode? output, double startSecondsAgo, double durationSeconds, JsonObject? extra = null)
    {
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0 - startSecondsAgo;
        var span = new JsonObject
        {
            ["id"] = $"row-{spanId}",
            ["span_id"] = spanId,
            ["root_span_id"] = rootSpanId,
            ["span_attributes"] = new JsonObject { ["name"] = name, ["type"] = type },
            ["input"] = input,
            ["output"] = output,
            ["metrics"] = new JsonObject { ["start"] = start, ["end"] = start + durationSeconds },
        };
        if (parentSpanId is not null)
        {
            span["span_parents"] = new JsonArray(parentSpanId);
        }
        foreach (var (key, value) in extra ?? [])
        {
            span[key] = value?.DeepClone();
        }
        return span;
    }
}

using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Tests.Infrastructure;

namespace Braintrust.Traced.Server.Tests.Query;

/// <summary>The server-sent-events stream of new and updated spans.</summary>
[TestFixture(StoreBackend.Sqlite)]
[TestFixture(StoreBackend.Postgres)]
public sealed class LiveStreamTests(StoreBackend backend)
{
    private TestServer _server = null!;

    [OneTimeSetUp]
    public async Task Start() => _server = await TestServer.StartAsync(backend);

    [OneTimeTearDown]
    public async Task Stop() => await _server.DisposeAsync();

    [Test]
    public async Task New_and_updated_spans_arrive_as_events_with_resumable_ids()
    {
        var projectId = await _server.RegisterProjectAsync("live");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/projects/{projectId}/live");
        using var response = await _server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/event-stream"));
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        Assert.That(await reader.ReadLineAsync(timeout.Token), Is.EqualTo(": connected"));

        await _server.Client.PostObjectAsync("/logs3", Rows.Logs3(Rows.Span(projectId, "live-1", "s1", "t1", name: "first")));
        var created = await NextEventAsync(reader, timeout.Token);
        Assert.That(created.Data["id"]!.GetValue<string>(), Is.EqualTo("live-1"));
        Assert.That(created.Data["name"]!.GetValue<string>(), Is.EqualTo("first"));
        Assert.That(created.Data["running"]!.GetValue<bool>(), Is.True, "a start, no end, just heard from");
        Assert.That(created.Data["last_heard"]?.GetValue<string>(), Is.Not.Null);

        await _server.Client.PostObjectAsync("/logs3", Rows.Logs3(Rows.Merge(projectId, "live-1", new JsonObject { ["scores"] = new JsonObject { ["ok"] = 1 } })));
        var updated = await NextEventAsync(reader, timeout.Token);
        Assert.That(updated.Data["scores"]!["ok"]!["value"]!.GetValue<double>(), Is.EqualTo(1));
        Assert.That(long.Parse(updated.Id), Is.GreaterThan(long.Parse(created.Id)));

        // Resuming from the first event's id replays what came after it.
        using var resume = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/projects/{projectId}/live");
        resume.Headers.Add("Last-Event-ID", created.Id);
        using var resumed = await _server.Client.SendAsync(resume, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var resumedReader = new StreamReader(await resumed.Content.ReadAsStreamAsync(timeout.Token));
        var replayed = await NextEventAsync(resumedReader, timeout.Token);
        Assert.That(replayed.Id, Is.EqualTo(updated.Id));
    }

    private static async Task<(string Id, JsonObject Data)> NextEventAsync(StreamReader reader, CancellationToken ct)
    {
        string? id = null;
        string? eventName = null;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line[4..];
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                eventName = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                Assert.That(eventName, Is.EqualTo("span"));
                return (id!, JsonNode.Parse(line[6..])!.AsObject());
            }
        }
        throw new AssertionException("stream ended before an event arrived");
    }
}

using System.Net;
using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Live;
using Braintrust.Traced.Server.Tests.Infrastructure;
using Braintrust.Traced.Server.Tests.Protocol;

namespace Braintrust.Traced.Server.Tests.ScaleOut;

/// <summary>
/// Several servers on one PostgreSQL database, as behind a load balancer when one machine is not enough: each step of
/// a client's work may reach a different server, and live views on one see what was written through another.
/// </summary>
[TestFixture]
public sealed class SharedDatabaseTests
{
    [Test]
    public async Task A_span_written_through_one_server_wakes_a_live_stream_on_another()
    {
        var database = PostgresCluster.Instance.CreateDatabase();
        await using var writer = await TestServer.StartOnPostgresAsync(database);
        await using var viewer = await TestServer.StartOnPostgresAsync(database);
        var projectId = await writer.RegisterProjectAsync("shared");

        // Well under the keep-alive (15 s), at which the stream would re-read the store anyway.
        using var timeout = new CancellationTokenSource(LiveStream.KeepAlive / 2);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/projects/{projectId}/live");
        using var response = await viewer.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        Assert.That(await reader.ReadLineAsync(timeout.Token), Is.EqualTo(": connected"));

        await writer.Client.PostObjectAsync("/logs3", Rows.Logs3(Rows.Span(projectId, "elsewhere-1", "s1", "t1", name: "written_elsewhere")));

        string? data = null;
        while (data is null && await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            data = line.StartsWith("data: ", StringComparison.Ordinal) ? line : null;
        }
        Assert.That(data, Does.Contain("written_elsewhere"));
    }

    [Test]
    public async Task Behind_a_load_balancer_each_step_may_reach_another_server_on_the_same_database()
    {
        var database = PostgresCluster.Instance.CreateDatabase();
        await using var first = await TestServer.StartOnPostgresAsync(database);
        await using var second = await TestServer.StartOnPostgresAsync(database);
        await using var third = await TestServer.StartOnPostgresAsync(database);
        var projectId = await first.RegisterProjectAsync("overflow-shared");
        var payload = Rows.Logs3(Rows.Span(projectId, "shared-1", "s1", "t1", name: "big_document")).ToJsonString();

        var (key, url) = await OverflowTests.ReserveAsync(first.Client, payload.Length);
        using var anonymous = new HttpClient();
        var upload = await anonymous.PutAsync(url.Replace(first.BaseUrl, second.BaseUrl, StringComparison.Ordinal), TestServer.Json(payload));
        Assert.That(upload.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the upload reached a server that did not reserve the slot");

        var reference = new JsonObject { ["rows"] = new JsonObject { ["type"] = "logs3_overflow", ["key"] = key }, ["api_version"] = 2 };
        var answer = await third.Client.PostObjectAsync("/logs3", reference);
        Assert.That(answer["ids"]!.AsArray().Select(i => i!.GetValue<string>()), Is.EqualTo(new[] { "shared-1" }));
        var span = await first.Client.GetObjectAsync($"/api/v1/projects/{projectId}/spans/shared-1");
        Assert.That(span["name"]!.GetValue<string>(), Is.EqualTo("big_document"));
    }

    [Test]
    public async Task Spans_written_through_both_servers_at_once_all_become_searchable()
    {
        var database = PostgresCluster.Instance.CreateDatabase();
        await using var first = await TestServer.StartOnPostgresAsync(database);
        await using var second = await TestServer.StartOnPostgresAsync(database);
        var projectId = await first.RegisterProjectAsync("shared-search");

        // Both servers' indexers run at once; only one may index at a time, and neither may leave the other's spans out.
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
        {
            var row = Rows.Span(projectId, $"needle-{i}", $"s{i}", $"t{i}");
            row["input"] = "a needle in the shared haystack";
            return (i % 2 == 0 ? first : second).Client.PostObjectAsync("/logs3", Rows.Logs3(row));
        }));

        foreach (var server in new[] { first, second })
        {
            await Eventually.UntilAsync(() => server.Client.GetObjectAsync($"/api/v1/projects/{projectId}/traces?q=needle"),
                body => body["traces"]!.AsArray().Count == 40, "every span found by search on each server");
        }
    }
}

using Braintrust.Traced.Server.Live;
using Braintrust.Traced.Server.Tests.Infrastructure;

namespace Braintrust.Traced.Server.Tests.Query;

/// <summary>
/// Several servers on one PostgreSQL database (the scale-out setup): a span written through one server reaches a live
/// stream opened on another at once, not at that stream's next keep-alive.
/// </summary>
[TestFixture]
public sealed class LiveAcrossServersTests
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
}

using System.Net;
using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Tests.Infrastructure;

namespace Braintrust.Traced.Server.Tests.Protocol;

/// <summary>Several clients in parallel over HTTP, merging into the same spans: nothing is lost, on either backend.</summary>
[TestFixture(StoreBackend.Sqlite)]
[TestFixture(StoreBackend.Postgres)]
public sealed class ConcurrentWriterTests(StoreBackend backend)
{
    [Test]
    public async Task Parallel_clients_with_merges_on_shared_spans_lose_nothing()
    {
        const int clients = 6;
        const int requestsPerClient = 15;
        const int sharedSpans = 3;
        await using var server = await TestServer.StartAsync(backend);
        var projectId = await server.RegisterProjectAsync("concurrent");
        var shared = Enumerable.Range(0, sharedSpans).Select(i => Rows.Span(projectId, $"shared{i}", $"shared{i}", "shared-trace",
            parent: i == 0 ? null : "shared0")).ToArray();
        await server.Client.PostObjectAsync("/logs3", Rows.Logs3(shared));

        var tasks = Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var client = server.CreateClient(TestServer.AdminKey);
            for (var r = 0; r < requestsPerClient; r++)
            {
                var rows = new List<JsonObject>();
                for (var s = 0; s < sharedSpans; s++)
                {
                    rows.Add(Rows.Merge(projectId, $"shared{s}", new JsonObject
                    {
                        ["metadata"] = new JsonObject { [$"c{c}r{r}"] = r },
                        ["scores"] = new JsonObject { [$"client{c}"] = r / 100.0 },
                    }));
                }
                rows.Add(Rows.Span(projectId, $"c{c}-r{r}", $"c{c}-r{r}", "shared-trace", parent: "shared0"));
                var response = await client.PostJsonAsync("/logs3", Rows.Logs3([.. rows]));
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
            }
        })).ToArray();
        await Task.WhenAll(tasks);

        var trace = await server.Client.GetObjectAsync($"/api/v1/projects/{projectId}/traces/shared-trace");
        Assert.That(trace["span_count"]!.GetValue<int>(), Is.EqualTo(sharedSpans + clients * requestsPerClient));
        for (var s = 0; s < sharedSpans; s++)
        {
            var span = await server.Client.GetObjectAsync($"/api/v1/projects/{projectId}/spans/shared{s}");
            Assert.That(span["row"]!["metadata"]!.AsObject(), Has.Count.EqualTo(clients * requestsPerClient), $"shared{s}: every merged key survived");
            for (var c = 0; c < clients; c++)
            {
                Assert.That(span["row"]!["scores"]![$"client{c}"]!.GetValue<double>(), Is.EqualTo((requestsPerClient - 1) / 100.0),
                    $"shared{s}: client {c}'s last write wins");
            }
        }
    }
}

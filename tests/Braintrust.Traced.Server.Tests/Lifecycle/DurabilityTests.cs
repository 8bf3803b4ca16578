using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Tests.Infrastructure;

namespace Braintrust.Traced.Server.Tests.Lifecycle;

/// <summary>A 2xx means durable: rows acknowledged before a SIGKILL are all there after a restart.</summary>
public sealed class DurabilityTests
{
    private const string Key = "durability-key-0123456789abcdef";
    private const int RowsPerBatch = 10;

    [Test]
    public async Task Every_acknowledged_row_survives_a_sigkill_mid_stream_and_batches_are_whole()
    {
        using var data = new TempDirectory();
        string projectId;
        var acknowledged = new ConcurrentBag<string>();
        var attempted = new ConcurrentDictionary<int, string[]>();

        await using (var server = await ServerProcess.StartAsync(data.Path, Key))
        {
            using var client = server.CreateClient(Key);
            projectId = await TestServer.RegisterProjectAsync(client, "durability");
            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, 4).Select(writer => Task.Run(async () =>
            {
                for (var batch = 0; !stop.IsCancellationRequested; batch++)
                {
                    var batchKey = writer * 1_000_000 + batch;
                    var ids = Enumerable.Range(0, RowsPerBatch).Select(i => $"w{writer}-b{batch}-r{i}").ToArray();
                    attempted[batchKey] = ids;
                    var rows = ids.Select(id => Rows.Span(projectId, id, id, $"trace-{writer}-{batch}", parent: id.EndsWith("-r0") ? null : $"w{writer}-b{batch}-r0")).ToArray();
                    try
                    {
                        var response = await client.PostJsonAsync("/logs3", Rows.Logs3(rows));
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            foreach (var id in ids)
                            {
                                acknowledged.Add(id);
                            }
                        }
                    }
                    catch (HttpRequestException)
                    {
                        return; // The server is gone: this batch was never acknowledged.
                    }
                    catch (TaskCanceledException)
                    {
                        return;
                    }
                }
            })).ToArray();

            // Let a good number of batches through, then pull the plug while writers are mid-request.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (acknowledged.Count < 300 * RowsPerBatch / 10 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
            server.Kill();
            await stop.CancelAsync();
            await Task.WhenAll(writers);
        }
        Assert.That(acknowledged, Has.Count.GreaterThanOrEqualTo(300), "enough rows were acknowledged before the kill");

        await using var restarted = await ServerProcess.StartAsync(data.Path, Key);
        using var reader = restarted.CreateClient(Key);
        var stored = new HashSet<string>();
        string? cursor = null;
        do
        {
            var page = await reader.PostObjectAsync($"/v1/project_logs/{projectId}/fetch", new JsonObject { ["limit"] = 1000, ["cursor"] = cursor });
            foreach (var row in page["events"]!.AsArray())
            {
                stored.Add(row!["id"]!.GetValue<string>());
            }
            cursor = page["cursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        Assert.That(acknowledged.Where(id => !stored.Contains(id)), Is.Empty, "every acknowledged row is stored");
        foreach (var (batch, ids) in attempted)
        {
            var present = ids.Count(stored.Contains);
            Assert.That(present, Is.EqualTo(0).Or.EqualTo(ids.Length), $"batch {batch} is stored whole or not at all");
        }
    }

    [Test]
    public async Task Sigterm_shuts_down_gracefully_and_the_data_is_there_after_restart()
    {
        using var data = new TempDirectory();
        string projectId;
        await using (var server = await ServerProcess.StartAsync(data.Path, Key))
        {
            using var client = server.CreateClient(Key);
            projectId = await TestServer.RegisterProjectAsync(client, "graceful");
            await client.PostObjectAsync("/logs3", Rows.Logs3(Rows.Span(projectId, "kept", "s", "t")));
            Assert.That(await server.TerminateAsync(TimeSpan.FromSeconds(30)), Is.EqualTo(0), server.Output);
        }
        await using var restarted = await ServerProcess.StartAsync(data.Path, Key);
        using var reader = restarted.CreateClient(Key);
        var page = await reader.GetObjectAsync($"/v1/project_logs/{projectId}/fetch");
        Assert.That(page["events"]!.AsArray().Select(e => e!["id"]!.GetValue<string>()), Is.EqualTo(new[] { "kept" }));
    }
}

using Braintrust.Traced.Samples.Tests.Infrastructure;
using static Braintrust.Traced.Samples.Tests.Infrastructure.TraceTree;

namespace Braintrust.Traced.Samples.Tests.Samples;

/// <summary>samples/DistributedTrace: two processes, one trace.</summary>
public sealed class DistributedTraceTests
{
    [Test]
    public async Task The_workers_spans_nest_under_the_clients_span_in_one_trace()
    {
        var server = SharedServer.Server;
        var workerEnvironment = server.SampleEnvironment();
        workerEnvironment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        await using var worker = ChildProcess.StartDotnet(BuiltPrograms.DistributedTrace, ["worker"], workerEnvironment);
        var workerUrl = (await worker.WaitForLineAsync(Patterns.AspNetCoreListening(), TimeSpan.FromSeconds(60))).Groups[1].Value;

        await using var client = ChildProcess.StartDotnet(
            BuiltPrograms.DistributedTrace, ["client", workerUrl, "one", "request", "two", "processes", "a", "single", "trace", "tree"], server.SampleEnvironment());
        Assert.That(await client.WaitForExitAsync(TimeSpan.FromSeconds(60)), Is.Zero, client.Output);
        var rootSpanId = Patterns.RootSpanId().Match(client.Output).Groups[1].Value;

        using var query = server.Query();
        // The worker ships its spans on its own schedule: wait for all three.
        var trace = await query.TraceAsync(await query.ProjectIdAsync("distributed-trace"), rootSpanId, spanCount: 3);

        var root = Roots(trace).Single();
        var request = Child(root, "worker_request");
        var summarize = Child(request, "summarize_text");
        Assert.Multiple(() =>
        {
            Assert.That((string?)root["name"], Is.EqualTo("client_request"));
            Assert.That((string?)request["parent_span_id"], Is.EqualTo((string?)root["span_id"]));
            Assert.That((string?)request["root_span_id"], Is.EqualTo(rootSpanId));
            Assert.That((string?)request["input"]!["path"], Is.EqualTo("/summarize"));
            Assert.That((string?)summarize["output"], Is.EqualTo("one request two processes a single…"));
            Assert.That((string?)root["output"], Is.EqualTo("one request two processes a single…"));
        });
    }
}

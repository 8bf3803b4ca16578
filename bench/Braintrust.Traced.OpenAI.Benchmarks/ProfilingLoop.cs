using System.ClientModel;
using System.Diagnostics;
using OpenAI;
using OpenAI.Chat;

namespace Braintrust.Traced.OpenAI.Benchmarks;

/// <summary>
/// Makes one kind of call over and over, so a sampling profiler (perf, dotnet-trace) attached to the process sees
/// where a call's CPU goes. Compare a wrapped run with a plain one: the difference is the wrapper and the shipper.
/// </summary>
internal static class ProfilingLoop
{
    public static async Task RunAsync(string kind, int calls, bool wrapped)
    {
        await using var server = await LoopbackOpenAIServer.StartAsync(streamChunks: 10);
        await using var logger = BraintrustLogger.Init("bench", new BraintrustOptions { Exporter = new DiscardingExporter() });
        var options = new OpenAIClientOptions { Endpoint = server.Endpoint };
        var client = new ChatClient("gpt-4o-mini", new ApiKeyCredential("sk-bench"), wrapped ? options.WrapOpenAI(logger) : options);
        // The first fifth warms up (tiered JIT); wall and CPU time are measured over the rest.
        var warmup = calls / 5;
        var start = Stopwatch.GetTimestamp();
        var cpuStart = TimeSpan.Zero;
        long allocatedStart = 0;
        for (var i = 0; i < calls; i++)
        {
            if (i == warmup)
            {
                start = Stopwatch.GetTimestamp();
                cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
                allocatedStart = GC.GetTotalAllocatedBytes(precise: true);
            }

            if (kind == "stream")
            {
                await foreach (var update in client.CompleteChatStreamingAsync(OpenAIWrapperBenchmarks.Messages))
                {
                    _ = update.ContentUpdate.Count;
                }
            }
            else
            {
                _ = (await client.CompleteChatAsync(OpenAIWrapperBenchmarks.Messages)).Value.Content[0].Text;
            }
        }

        var measured = calls - warmup;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuStart;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedStart;
        Console.WriteLine(
            $"{measured} {(wrapped ? "wrapped" : "plain")} {kind} calls: {Stopwatch.GetElapsedTime(start).TotalMicroseconds / measured:F1} µs each, " +
            $"process CPU {cpu.TotalMicroseconds / measured:F1} µs and {allocated / 1024.0 / measured:F1} KB allocated each (client, server and shipper)");
    }
}

using System.ClientModel;
using System.Diagnostics;
using OpenAI;
using OpenAI.Chat;

namespace Braintrust.Traced.OpenAI.Benchmarks;

/// <summary>
/// The wrapper's cost measured in pairs: each round makes one unwrapped and one wrapped call (alternating which goes
/// first) against the same loopback server, and the report is the median of the per-pair differences. On a machine
/// shared with other work, load drifts slower than one pair takes, so the paired difference stays readable where the
/// separate means of a short BenchmarkDotNet job do not.
/// </summary>
internal static class PairedOverheadRun
{
    /// <param name="rounds">Pairs per kind of call.</param>
    /// <param name="control">Both sides unwrapped (an A/A run): shows what the method reports when there is nothing to find.</param>
    public static async Task RunAsync(int rounds, bool control = false)
    {
        foreach (var chunks in new[] { 10, 200 })
        {
            await using var server = await LoopbackOpenAIServer.StartAsync(chunks);
            await using var logger = BraintrustLogger.Init("bench", new BraintrustOptions { Exporter = new DiscardingExporter() });
            var credential = new ApiKeyCredential("sk-bench");
            var plain = new ChatClient("gpt-4o-mini", credential, new OpenAIClientOptions { Endpoint = server.Endpoint });
            var wrapped = new ChatClient("gpt-4o-mini", credential, control
                ? new OpenAIClientOptions { Endpoint = server.Endpoint }
                : new OpenAIClientOptions { Endpoint = server.Endpoint }.WrapOpenAI(logger));
            if (chunks == 10)
            {
                await MeasureAsync("chat completion", rounds, () => ChatAsync(plain), () => ChatAsync(wrapped));
            }

            await MeasureAsync($"stream of {chunks} chunks", rounds, () => StreamAsync(plain), () => StreamAsync(wrapped));
        }
    }

    private static async Task MeasureAsync(string name, int rounds, Func<Task<int>> plain, Func<Task<int>> wrapped)
    {
        var warmup = Math.Max(rounds / 10, 20);
        var plainTimes = new List<double>();
        var wrappedTimes = new List<double>();
        var differences = new List<double>();
        for (var round = 0; round < warmup + rounds; round++)
        {
            var plainFirst = round % 2 == 0;
            var first = await TimeAsync(plainFirst ? plain : wrapped);
            var second = await TimeAsync(plainFirst ? wrapped : plain);
            var (p, w) = plainFirst ? (first, second) : (second, first);
            if (round >= warmup)
            {
                plainTimes.Add(p);
                wrappedTimes.Add(w);
                differences.Add(w - p);
            }
        }

        var difference = Median(differences);
        Console.WriteLine(
            $"{name,-22} unwrapped {Median(plainTimes),8:F1} µs   wrapped {Median(wrappedTimes),8:F1} µs   " +
            $"added (median of {rounds} pairs) {difference,7:F1} µs = {100 * difference / Median(plainTimes),5:F1} %");
    }

    private static async Task<double> TimeAsync(Func<Task<int>> call)
    {
        var start = Stopwatch.GetTimestamp();
        await call();
        return Stopwatch.GetElapsedTime(start).TotalMicroseconds;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    private static async Task<int> ChatAsync(ChatClient client) =>
        (await client.CompleteChatAsync(OpenAIWrapperBenchmarks.Messages)).Value.Content[0].Text.Length;

    private static async Task<int> StreamAsync(ChatClient client)
    {
        var count = 0;
        await foreach (var update in client.CompleteChatStreamingAsync(OpenAIWrapperBenchmarks.Messages))
        {
            count += update.ContentUpdate.Count;
        }

        return count;
    }
}

using System.ClientModel;
using BenchmarkDotNet.Attributes;
using OpenAI;
using OpenAI.Chat;

namespace Braintrust.Traced.OpenAI.Benchmarks;

/// <summary>
/// What WrapOpenAI adds to a chat call and to a streamed call, against the unwrapped client on the same loopback
/// server (goal: under 5% of a loopback round trip). The per-chunk cost is the difference between the streamed
/// benchmarks divided by <see cref="Chunks"/>; <see cref="StreamAssemblyBenchmarks"/> measures it without the network.
/// </summary>
[MemoryDiagnoser]
public class OpenAIWrapperBenchmarks
{
    internal static readonly ChatMessage[] Messages = [new UserChatMessage("Say hello.")];
    private LoopbackOpenAIServer _server = null!;
    private BraintrustLogger _logger = null!;
    private ChatClient _plain = null!;
    private ChatClient _wrapped = null!;

    [Params(10, 200)]
    public int Chunks { get; set; }

    [GlobalSetup]
    public async Task Start()
    {
        _server = await LoopbackOpenAIServer.StartAsync(Chunks);
        _logger = BraintrustLogger.Init("bench", new BraintrustOptions { Exporter = new DiscardingExporter() });
        var credential = new ApiKeyCredential("sk-bench");
        _plain = new ChatClient("gpt-4o-mini", credential, new OpenAIClientOptions { Endpoint = _server.Endpoint });
        _wrapped = new ChatClient("gpt-4o-mini", credential, new OpenAIClientOptions { Endpoint = _server.Endpoint }.WrapOpenAI(_logger));
    }

    [GlobalCleanup]
    public async Task Stop()
    {
        await _logger.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Benchmark(Baseline = true)]
    public async Task<string> ChatUnwrapped() => (await _plain.CompleteChatAsync(Messages)).Value.Content[0].Text;

    [Benchmark]
    public async Task<string> ChatWrapped() => (await _wrapped.CompleteChatAsync(Messages)).Value.Content[0].Text;

    [Benchmark]
    public async Task<int> StreamUnwrapped() => await CountUpdatesAsync(_plain);

    [Benchmark]
    public async Task<int> StreamWrapped() => await CountUpdatesAsync(_wrapped);

    private static async Task<int> CountUpdatesAsync(ChatClient client)
    {
        var count = 0;
        await foreach (var update in client.CompleteChatStreamingAsync(Messages))
        {
            count += update.ContentUpdate.Count;
        }

        return count;
    }
}

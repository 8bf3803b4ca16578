using System.Text;
using BenchmarkDotNet.Attributes;

namespace Braintrust.Traced.OpenAI.Benchmarks;

/// <summary>
/// The parsing work per streamed chunk with no network in the way: splitting the event stream and assembling the
/// message, for a stream of <see cref="Chunks"/> content chunks (divide by it for the per-chunk cost). This is CPU the
/// wrapper spends on a pool thread (bursts) or inline (single small reads), whichever the stream's reads call for.
/// </summary>
[MemoryDiagnoser]
public class StreamAssemblyBenchmarks
{
    private byte[] _stream = [];

    [Params(200)]
    public int Chunks { get; set; }

    [GlobalSetup]
    public void Build()
    {
        var sse = new StringBuilder();
        for (var i = 0; i < Chunks; i++)
        {
            sse.Append("""data: {"id":"chatcmpl-b","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"token """).Append(i).Append(""" "},"logprobs":null,"finish_reason":null}]}""").Append("\n\n");
        }

        sse.Append("data: [DONE]\n\n");
        _stream = Encoding.UTF8.GetBytes(sse.ToString());
    }

    /// <summary>The stream fed in 1 KB reads, as the OpenAI client's SSE reader reads it (into a 1 KB buffer).</summary>
    [Benchmark]
    public object? AssembleStream()
    {
        var assembler = new ChatStreamAssembler(secret: null);
        var feeder = new SseDataFeeder(assembler);
        for (var offset = 0; offset < _stream.Length; offset += 1024)
        {
            feeder.Feed(_stream.AsSpan(offset, Math.Min(1024, _stream.Length - offset)));
        }

        feeder.Complete();
        feeder.Release();
        return assembler.BuildOutput();
    }
}

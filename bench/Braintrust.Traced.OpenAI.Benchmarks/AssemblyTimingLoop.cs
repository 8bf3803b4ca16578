using System.Diagnostics;

namespace Braintrust.Traced.OpenAI.Benchmarks;

/// <summary>
/// The parse of a stream (SSE framing and assembly) timed with a plain <see cref="Stopwatch"/>, no network: several
/// passes of many streams, reporting each pass's per-chunk time. On a shared machine the fastest pass is the cost;
/// the others show how much the load took. BenchmarkDotNet's short job moves too much here to compare two versions.
/// </summary>
internal static class AssemblyTimingLoop
{
    public static void Run(int streams)
    {
        var benchmark = new StreamAssemblyBenchmarks { Chunks = 200 };
        benchmark.Build();
        for (var i = 0; i < streams / 5; i++)
        {
            benchmark.AssembleStream(); // warm-up: reach the optimizing JIT tier
        }

        var passes = new List<double>();
        for (var pass = 0; pass < 5; pass++)
        {
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < streams; i++)
            {
                benchmark.AssembleStream();
            }

            passes.Add(Stopwatch.GetElapsedTime(start).TotalNanoseconds / streams / benchmark.Chunks);
        }

        // One thread does all the parsing here, so its own count is the parse's allocation (the output built at the end included).
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        benchmark.AssembleStream();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Console.WriteLine($"parse and assembly per chunk, 5 passes of {streams} streams of {benchmark.Chunks} chunks: " +
            string.Join(", ", passes.Select(ns => $"{ns:F0} ns")) + $" (fastest {passes.Min():F0} ns); {allocated / 1024.0:F1} KB allocated a stream");
    }
}

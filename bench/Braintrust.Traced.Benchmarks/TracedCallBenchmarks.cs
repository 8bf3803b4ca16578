using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Braintrust.Traced;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Braintrust.Traced.Benchmarks;

/// <summary>
/// The cost a [Traced] call adds to the caller, beside the baselines a .NET team already knows: a plain call,
/// ActivitySource with no listener, and an OpenTelemetry SDK span through a batch processor carrying the same two values.
/// Each benchmark runs in its own process, so "tracing off" really has no logger.
/// </summary>
[MemoryDiagnoser]
public class TracedCallBenchmarks
{
    private static readonly ActivitySource Source = new("Braintrust.Traced.Benchmarks");
    private readonly Calculator _calculator = new();
    private BraintrustLogger? _logger;
    private TracerProvider? _tracerProvider;

    [GlobalSetup(Targets = [nameof(TracedRecording)])]
    public void StartLogger() =>
        _logger = BraintrustLogger.Init("bench", new BraintrustOptions { Exporter = new DiscardingExporter() });

    // The same without early rows for running traces: every call here is a root, so this shows what watching roots costs.
    [GlobalSetup(Targets = [nameof(TracedRecordingWithoutRunningTraces)])]
    public void StartLoggerWithoutRunningTraces() =>
        _logger = BraintrustLogger.Init("bench", new BraintrustOptions { Exporter = new DiscardingExporter(), ShowRunningTracesAfter = null });

    [GlobalSetup(Targets = [nameof(OpenTelemetrySpanWithBatchProcessor)])]
    public void StartOpenTelemetry() =>
        _tracerProvider = Sdk.CreateTracerProviderBuilder()
            .AddSource(Source.Name)
            .AddProcessor(new BatchActivityExportProcessor(new DiscardingActivityExporter()))
            .Build();

    [GlobalCleanup]
    public void Stop()
    {
        _logger?.Dispose();
        _tracerProvider?.Dispose();
    }

    [Benchmark(Baseline = true)]
    public int PlainMethod() => _calculator.AddPlain(2, 3);

    [Benchmark]
    public int TracedWithTracingOff() => _calculator.Add(2, 3);

    [Benchmark]
    public int ActivitySourceWithNoListener()
    {
        using var activity = Source.StartActivity("add");
        return _calculator.AddPlain(2, 3);
    }

    [Benchmark]
    public int TracedRecording() => _calculator.Add(2, 3);

    [Benchmark]
    public int TracedRecordingWithoutRunningTraces() => _calculator.Add(2, 3);

    [Benchmark]
    public int OpenTelemetrySpanWithBatchProcessor()
    {
        using var activity = Source.StartActivity("add");
        var result = _calculator.AddPlain(2, 3);
        activity?.SetTag("input", 2);
        activity?.SetTag("output", result);
        return result;
    }

    private sealed class DiscardingExporter : ISpanExporter
    {
        public Task ExportAsync(SpanRowBatch rows, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class DiscardingActivityExporter : BaseExporter<Activity>
    {
        public override ExportResult Export(in Batch<Activity> batch) => ExportResult.Success;
    }
}

public partial class Calculator
{
    [Traced("add")]
    public partial int Add(int a, int b);

    private int AddCore(int a, int b) => a + b;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public int AddPlain(int a, int b) => a + b;
}

using System.Text.Json.Nodes;
using Braintrust.Traced.Tests.Infrastructure;

namespace Braintrust.Traced.Tests;

/// <summary>Custom exporters: failures never reach the caller, transient ones are retried; and the in-memory exporter's merging.</summary>
[TestFixture]
public sealed class ExporterTests
{
    [Test]
    public async Task An_exporter_that_throws_never_reaches_the_caller_and_its_rows_are_counted_as_failed()
    {
        var exporter = new ScriptedExporter(_ => throw new InvalidOperationException("disk full"));
        await using var logger = BraintrustLogger.Init("p", new BraintrustOptions { Exporter = exporter, FlushInterval = TimeSpan.FromMilliseconds(10) });

        Assert.DoesNotThrow(() => HandTraced.Add(1, 2));
        await logger.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(exporter.Calls, Is.EqualTo(1), "an unknown failure is not retried");
        Assert.That(logger.FailedRowCount, Is.EqualTo(1));
    }

    [Test]
    public async Task A_transient_SpanExportException_is_retried_until_the_exporter_succeeds()
    {
        var exporter = new ScriptedExporter(call => call < 3 ? throw new SpanExportException("busy", isTransient: true) : null);
        await using var logger = BraintrustLogger.Init("p", new BraintrustOptions
        {
            Exporter = exporter,
            FlushInterval = TimeSpan.FromMilliseconds(10),
            InitialRetryDelay = TimeSpan.FromMilliseconds(5),
        });

        HandTraced.Add(1, 2);
        await logger.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(exporter.Calls, Is.EqualTo(3));
        Assert.That(exporter.Delivered, Has.Count.EqualTo(1));
        Assert.That(logger.FailedRowCount, Is.Zero);
    }

    [Test]
    public async Task Retries_stop_after_MaxRetries()
    {
        var exporter = new ScriptedExporter(_ => throw new SpanExportException("busy", isTransient: true));
        await using var logger = BraintrustLogger.Init("p", new BraintrustOptions
        {
            Exporter = exporter,
            FlushInterval = TimeSpan.FromMilliseconds(10),
            InitialRetryDelay = TimeSpan.FromMilliseconds(5),
            MaxRetries = 2,
        });

        HandTraced.Add(1, 2);
        await logger.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(exporter.Calls, Is.EqualTo(3), "one try and two retries");
        Assert.That(logger.FailedRowCount, Is.EqualTo(1));
    }

    [Test]
    public async Task Rows_are_batched_by_BatchSize()
    {
        var exporter = new ScriptedExporter(_ => null);
        await using var logger = BraintrustLogger.Init("p", new BraintrustOptions { Exporter = exporter, BatchSize = 4, FlushInterval = TimeSpan.FromHours(1) });
        for (var i = 0; i < 10; i++)
        {
            HandTraced.Add(i, 0);
        }

        await logger.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(exporter.BatchSizes, Is.EqualTo(new[] { 4, 4, 2 }));
    }

    [Test]
    public async Task MergedSpans_folds_merge_rows_into_their_span_and_lets_a_full_row_replace()
    {
        var exporter = new InMemorySpanExporter();
        await exporter.ExportAsync(
            SpanRowBatch.Create([
                Row("""{"id":"a","metadata":{"x":1,"nested":{"keep":true}},"output":"first","_is_merge":false}"""),
                Row("""{"id":"b","output":"other"}"""),
                Row("""{"id":"a","metadata":{"y":2,"nested":{"add":true}},"output":"second","_is_merge":true}"""),
                Row("""{"id":"b","output":"replaced","_is_merge":false}"""),
                Row("""{"id":"c1","origin":{"id":"a"},"comment":{"text":"nice"}}"""),
            ]),
            CancellationToken.None);

        var merged = exporter.MergedSpans();
        Assert.That(merged.Select(r => r["id"]!.GetValue<string>()), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(merged[0].ToJsonString(), Is.EqualTo("""{"id":"a","metadata":{"x":1,"nested":{"keep":true,"add":true},"y":2},"output":"second"}"""));
        Assert.That(merged[1]["output"]!.GetValue<string>(), Is.EqualTo("replaced"));
        Assert.That(exporter.Comments().Single()["comment"]!["text"]!.GetValue<string>(), Is.EqualTo("nice"));
        Assert.That(exporter.Rows, Has.Count.EqualTo(5), "Rows keeps every row as sent");
    }

    private static JsonObject Row(string json) => JsonNode.Parse(json)!.AsObject();

    /// <summary>An exporter whose n-th call (1-based) runs a script: throw to fail, return to succeed.</summary>
    private sealed class ScriptedExporter(Func<int, object?> script) : ISpanExporter
    {
        private readonly List<int> _batchSizes = [];
        private readonly List<JsonObject> _delivered = [];
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public IReadOnlyList<int> BatchSizes
        {
            get
            {
                lock (_batchSizes)
                {
                    return [.. _batchSizes];
                }
            }
        }

        public IReadOnlyList<JsonObject> Delivered
        {
            get
            {
                lock (_batchSizes)
                {
                    return [.. _delivered];
                }
            }
        }

        public Task ExportAsync(SpanRowBatch rows, CancellationToken cancellationToken)
        {
            script(Interlocked.Increment(ref _calls));
            lock (_batchSizes)
            {
                _batchSizes.Add(rows.Count);
                _delivered.AddRange(rows.Select(row => row.ToJsonObject()));
            }

            return Task.CompletedTask;
        }
    }
}

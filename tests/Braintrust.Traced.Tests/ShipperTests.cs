using System.Text.Json;
using System.Text.Json.Nodes;
using Braintrust.Traced.Runtime;
using Braintrust.Traced.Tests.Infrastructure;

namespace Braintrust.Traced.Tests;

/// <summary>
/// The background shipper as an exporter sees it: rows arrive as UTF-8 JSON in reused buffers, flushes cover exactly
/// what was queued before them, and values are serialized after the call (with collections given to Log copied).
/// </summary>
[TestFixture]
public sealed class ShipperTests
{
    private static readonly TracedMethod s_describe = new("describe", SpanType.Function, "ShipperTests.Describe", "ShipperTests.cs", 1, ["name", "count", "big", "flag"], []);

    [Test]
    public async Task Flush_waits_for_every_row_queued_before_it_even_while_the_exporter_is_busy()
    {
        var exporter = new GatedExporter();
        await using var logger = BraintrustLogger.Init("p", new BraintrustOptions { Exporter = exporter, BatchSize = 3, FlushInterval = TimeSpan.FromHours(1) });
        for (var i = 0; i < 7; i++)
        {
            HandTraced.Add(i, 0);
        }

        var flush = logger.FlushAsync();
        await exporter.FirstCall.Task.WaitAsync(TimeSpan.FromSeconds(10));
        HandTraced.Add(100, 0);
        Assert.That(flush.IsCompleted, Is.False, "the first batch is still being exported");

        exporter.Gate.SetResult();
        await flush.WaitAsync(TimeSpan.FromSeconds(10));
        var outputs = exporter.Rows.Select(row => row["output"]!.GetValue<int>()).ToList();
        Assert.That(outputs.Take(7), Is.EqualTo(Enumerable.Range(0, 7)), "all seven rows queued before the flush were delivered, in order");
    }

    [Test]
    public async Task Each_row_reaches_the_exporter_as_one_utf8_json_object_and_copies_outlive_the_batch()
    {
        var exporter = new GatedExporter();
        exporter.Gate.SetResult();
        await using var logger = BraintrustLogger.Init("p", new BraintrustOptions { Exporter = exporter, BatchSize = 2, FlushInterval = TimeSpan.FromHours(1) });
        for (var i = 0; i < 5; i++)
        {
            HandTraced.Add(i, 1);
        }

        await logger.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(exporter.BatchSizes, Is.EqualTo(new[] { 2, 2, 1 }));
        Assert.That(exporter.RawRows, Has.Count.EqualTo(5));
        foreach (var raw in exporter.RawRows)
        {
            var reader = new Utf8JsonReader(raw);
            Assert.That(JsonDocument.TryParseValue(ref reader, out var document), Is.True);
            using (document)
            {
                Assert.That(document!.RootElement.ValueKind, Is.EqualTo(JsonValueKind.Object));
                Assert.That(reader.BytesConsumed, Is.EqualTo(raw.Length), "exactly one object, nothing around it");
            }
        }

        // The shipper reused its buffer for later batches: the copies the exporter took must still read as sent.
        Assert.That(exporter.Rows.Select(row => row["output"]!.GetValue<int>()), Is.EqualTo(new[] { 1, 2, 3, 4, 5 }));
        Assert.That(exporter.Rows.Select(row => row["input"]!.ToJsonString()), Is.EqualTo(Enumerable.Range(0, 5).Select(i => $$"""{"a":{{i}},"b":1}""")));
    }

    [Test]
    public async Task Typed_arguments_are_written_by_name_with_their_json_types()
    {
        var exporter = new InMemorySpanExporter();
        await using var logger = TestLoggers.InMemory(exporter);
        using (var scope = TracedCalls.Begin(s_describe))
        {
            scope.SetArguments("Zoë \"quoted\"", 42, 9_000_000_000L, true);
        }

        await logger.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10));

        var input = exporter.Rows.Single()["input"]!.AsObject();
        Assert.That(input.ToJsonString(), Is.EqualTo(new JsonObject
        {
            ["name"] = "Zoë \"quoted\"",
            ["count"] = 42,
            ["big"] = 9_000_000_000L,
            ["flag"] = true,
        }.ToJsonString()));
    }

    [Test]
    public async Task Tags_and_metadata_given_to_Log_and_LogFeedback_are_copied_when_logged()
    {
        var exporter = new InMemorySpanExporter();
        await using var logger = TestLoggers.InMemory(exporter);
        var tags = new List<string> { "first" };
        var scores = new Dictionary<string, double?> { ["accuracy"] = 1 };
        string id;
        using (var span = logger.StartSpan("request"))
        {
            span.Log(tags: tags);
            id = span.Id;
        }

        logger.LogFeedback(id, scores: scores);
        tags.Add("added later");
        scores["accuracy"] = 0;

        await logger.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var span1 = exporter.MergedSpans().Single();
        Assert.That(span1["tags"]!.AsArray().Select(t => t!.GetValue<string>()), Is.EqualTo(new[] { "first" }));
        Assert.That(span1["scores"]!["accuracy"]!.GetValue<double>(), Is.EqualTo(1));
    }

    [Test]
    public void SpanRowBatch_Create_round_trips_rows_and_writes_them_as_one_array()
    {
        var batch = SpanRowBatch.Create([JsonNode.Parse("""{"id":"a","n":1}""")!.AsObject(), JsonNode.Parse("""{"id":"b"}""")!.AsObject()]);

        Assert.That(batch, Has.Count.EqualTo(2));
        Assert.That(batch[1].ToString(), Is.EqualTo("""{"id":"b"}"""));
        Assert.That(batch[0].ToJsonObject()["n"]!.GetValue<int>(), Is.EqualTo(1));
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            batch.WriteJsonArray(writer);
        }

        Assert.That(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan), Is.EqualTo("""[{"id":"a","n":1},{"id":"b"}]"""));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = batch[2]);
    }

    /// <summary>Blocks every export until <see cref="Gate"/> completes; keeps copies of what it received.</summary>
    private sealed class GatedExporter : ISpanExporter
    {
        private readonly Lock _sync = new();
        private readonly List<byte[]> _rows = [];
        private readonly List<int> _batchSizes = [];

        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource FirstCall { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IReadOnlyList<byte[]> RawRows
        {
            get
            {
                lock (_sync)
                {
                    return [.. _rows];
                }
            }
        }

        public IReadOnlyList<JsonObject> Rows => [.. RawRows.Select(row => JsonNode.Parse(row)!.AsObject())];

        public IReadOnlyList<int> BatchSizes
        {
            get
            {
                lock (_sync)
                {
                    return [.. _batchSizes];
                }
            }
        }

        public async Task ExportAsync(SpanRowBatch rows, CancellationToken cancellationToken)
        {
            FirstCall.TrySetResult();
            await Gate.Task.WaitAsync(cancellationToken);
            lock (_sync)
            {
                _batchSizes.Add(rows.Count);
                _rows.AddRange(rows.Select(row => row.ToArray()));
            }
        }
    }
}

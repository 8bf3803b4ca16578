using System.Text.Json.Nodes;
using Braintrust.Traced.Runtime;
using Braintrust.Traced.Tests.Infrastructure;

namespace Braintrust.Traced.Tests;

/// <summary>
/// A trace whose root runs longer than <see cref="BraintrustOptions.ShowRunningTracesAfter"/> is shipped early, so the
/// logs show it while it runs; the row at its end completes it without losing feedback logged in between.
/// </summary>
[TestFixture]
public sealed class RunningTraceTests
{
    private static readonly TracedMethod s_plan = new("plan", SpanType.Task, "RunningTraceTests.Plan", "RunningTraceTests.cs", 1, ["goal", "steps"], []);

    [Test]
    public async Task A_long_running_root_ships_an_early_row_that_its_end_completes_keeping_feedback_given_meanwhile()
    {
        var exporter = new InMemorySpanExporter();
        var holdable = new HoldableExporter(exporter);
        await using var logger = TestLoggers.InMemory(exporter, o => { o.Exporter = holdable; o.ShowRunningTracesAfter = TimeSpan.FromMilliseconds(100); });
        var root = StartHeld(await holdable.HoldWorkerAsync(logger), () =>
        {
            var agent = logger.StartSpan("agent");
            agent.Log(input: "plan a trip", tags: ["beta"]);
            using (agent.StartSpan("search"))
            {
            }

            return agent;
        });

        var early = await RowsOfAsync(exporter, root.Id, count: 1);
        Assert.Multiple(() =>
        {
            Assert.That(early[0]["_is_merge"]!.GetValue<bool>(), Is.True, "a merge never replaces what is stored for the span");
            Assert.That(early[0]["input"]!.GetValue<string>(), Is.EqualTo("plan a trip"));
            Assert.That(early[0]["tags"]!.AsArray().Select(t => t!.GetValue<string>()), Is.EqualTo(new[] { "beta" }));
            Assert.That(early[0]["span_attributes"]!["name"]!.GetValue<string>(), Is.EqualTo("agent"));
            Assert.That(early[0]["metrics"]!["start"], Is.Not.Null);
            Assert.That(early[0]["metrics"]!["end"], Is.Null, "still running");
            Assert.That(early[0]["output"], Is.Null);
        });

        logger.LogFeedback(root.Id, scores: new Dictionary<string, double?> { ["helpful"] = 1 });
        root.Log(output: "booked");
        root.End();
        await logger.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10));

        var rootRows = exporter.Rows.Where(r => r["id"]?.GetValue<string>() == root.Id && r["span_id"] is not null).ToList();
        Assert.That(rootRows, Has.Count.EqualTo(2), "the early row and the row at the end");
        Assert.That(rootRows[1]["_is_merge"]!.GetValue<bool>(), Is.True, "the end merges into the early row instead of replacing it");
        var stored = exporter.MergedSpans().Single(s => s["id"]!.GetValue<string>() == root.Id);
        Assert.Multiple(() =>
        {
            Assert.That(stored["output"]!.GetValue<string>(), Is.EqualTo("booked"));
            Assert.That(stored["metrics"]!["end"], Is.Not.Null);
            Assert.That(stored["scores"]!["helpful"]!.GetValue<double>(), Is.EqualTo(1), "feedback given while it ran survives the end");
        });
        Assert.That(exporter.Rows.Count(r => r["span_attributes"]?["name"]?.GetValue<string>() == "search"), Is.EqualTo(1), "a child that ended at once ships once");
    }

    [Test]
    public async Task A_long_running_child_shows_under_its_parent_while_it_runs()
    {
        var exporter = new InMemorySpanExporter();
        var holdable = new HoldableExporter(exporter);
        await using var logger = TestLoggers.InMemory(exporter, o => { o.Exporter = holdable; o.ShowRunningTracesAfter = TimeSpan.FromMilliseconds(100); });
        using var root = logger.StartSpan("agent");
        var call = StartHeld(await holdable.HoldWorkerAsync(logger), () =>
        {
            var started = root.StartSpan("model_call", SpanType.Llm);
            started.Log(input: "summarize the contract");
            return started;
        });

        var early = await RowsOfAsync(exporter, call.Id, count: 1);
        Assert.Multiple(() =>
        {
            Assert.That(early[0]["span_parents"]!.AsArray().Single()!.GetValue<string>(), Is.EqualTo(root.SpanId));
            Assert.That(early[0]["root_span_id"]!.GetValue<string>(), Is.EqualTo(root.RootSpanId));
            Assert.That(early[0]["span_attributes"]!["type"]!.GetValue<string>(), Is.EqualTo("llm"));
            Assert.That(early[0]["input"]!.GetValue<string>(), Is.EqualTo("summarize the contract"));
            Assert.That(early[0]["metrics"]!["end"], Is.Null);
        });

        call.Log(output: "three clauses");
        call.End();
        await logger.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var stored = exporter.MergedSpans().Single(s => s["id"]!.GetValue<string>() == call.Id);
        Assert.That(stored["output"]!.GetValue<string>(), Is.EqualTo("three clauses"));
        Assert.That(stored["metrics"]!["end"], Is.Not.Null);
    }

    [Test]
    public async Task A_running_traced_method_shows_its_arguments_by_name()
    {
        var exporter = new InMemorySpanExporter();
        var holdable = new HoldableExporter(exporter);
        await using var logger = TestLoggers.InMemory(exporter, o => { o.Exporter = holdable; o.ShowRunningTracesAfter = TimeSpan.FromMilliseconds(50); });
        string id;
        using var hold = await holdable.HoldWorkerAsync(logger);
        using (var scope = TracedCalls.Begin(s_plan))
        {
            scope.SetArguments("Lisbon", 3);
            id = Span.Current!.Id;
            hold.Release();
            var early = await RowsOfAsync(exporter, id, count: 1);
            Assert.That(early[0]["input"]!.ToJsonString(), Is.EqualTo("""{"goal":"Lisbon","steps":3}"""));
        }

        await logger.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(exporter.MergedSpans().Single(s => s["id"]!.GetValue<string>() == id)["metrics"]!["end"], Is.Not.Null);
    }

    [Test]
    public async Task A_root_that_ends_before_the_delay_ships_one_full_row()
    {
        var exporter = new InMemorySpanExporter();
        await using var logger = TestLoggers.InMemory(exporter, o => o.ShowRunningTracesAfter = TimeSpan.FromMilliseconds(300));
        string id;
        using (var root = logger.StartSpan("quick"))
        {
            id = root.Id;
        }

        await Task.Delay(600);
        await logger.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10));

        var rows = exporter.Rows.Where(r => r["id"]!.GetValue<string>() == id).ToList();
        Assert.That(rows, Has.Count.EqualTo(1));
        Assert.That(rows[0]["_is_merge"]!.GetValue<bool>(), Is.False);
    }

    [Test]
    public async Task Turned_off_a_running_root_ships_nothing_until_it_ends()
    {
        var exporter = new InMemorySpanExporter();
        await using var logger = TestLoggers.InMemory(exporter, o => o.ShowRunningTracesAfter = null);
        var root = logger.StartSpan("agent");
        await Task.Delay(400);
        await logger.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(exporter.Rows, Is.Empty);

        root.End();
        await logger.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(exporter.Rows.Single()["_is_merge"]!.GetValue<bool>(), Is.False);
    }

    [Test]
    public void A_delay_that_is_not_positive_is_refused_by_name()
    {
        var exception = Assert.Throws<ArgumentException>(() => BraintrustLogger.Init("p",
            new BraintrustOptions { Exporter = new InMemorySpanExporter(), ShowRunningTracesAfter = TimeSpan.Zero }));
        Assert.That(exception!.Message, Does.Contain(nameof(BraintrustOptions.ShowRunningTracesAfter)));
    }

    /// <summary>
    /// Sets a span up while the worker is held, then lets it go: the worker can take the early row only after the set-up,
    /// however long the test thread stalls (else a stall past ShowRunningTracesAfter ships the row before the input is logged).
    /// </summary>
    private static Span StartHeld(HoldableExporter.Hold hold, Func<Span> setUp)
    {
        using (hold)
        {
            return setUp();
        }
    }

    /// <summary>Waits (bounded) until the exporter holds <paramref name="count"/> rows of the span.</summary>
    private static async Task<List<JsonObject>> RowsOfAsync(InMemorySpanExporter exporter, string id, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var rows = exporter.Rows.Where(r => r["id"]?.GetValue<string>() == id).ToList();
            if (rows.Count >= count || DateTime.UtcNow > deadline)
            {
                Assert.That(rows, Has.Count.EqualTo(count), $"rows of span {id} within 10 s");
                return rows;
            }

            await Task.Delay(20);
        }
    }
}

using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Query;
using Braintrust.Traced.Server.Storage;
using Braintrust.Traced.Server.Tests.Infrastructure;

namespace Braintrust.Traced.Server.Tests.Storage;

/// <summary>
/// The trace list's roll-ups (span count, errors, tokens, the root's scores) are stored on the root row by the writer.
/// Every later write that changes a trace must change them too, or the list shows stale numbers: merges, deletes, a
/// span moving to another trace, feedback scores. Each case also checks the stored values against computing them
/// from the trace's spans (what the list did before the roll-ups were stored).
/// </summary>
[TestFixture(StoreBackend.Sqlite)]
[TestFixture(StoreBackend.Postgres)]
public sealed class TraceRollupTests(StoreBackend backend) : FreshProjectStoreTests(backend, "rollup-")
{
    private static JsonObject Span(string id, string trace, string? parent = null, double? tokens = null, double? score = null, string? error = null)
    {
        var data = Rows.SpanData(id, trace, parent: parent);
        if (tokens is { } t)
        {
            data["metrics"]!["prompt_tokens"] = t - 1;
            data["metrics"]!["completion_tokens"] = 1;
            data["metrics"]!["tokens"] = t;
        }
        if (score is { } s)
        {
            data["scores"] = new JsonObject { ["accuracy"] = s };
        }
        if (error is not null)
        {
            data["error"] = error;
        }
        return data;
    }

    /// <summary>The stored roll-up of a listed root, checked against the roll-up computed from its trace's spans.</summary>
    private async Task<TraceRollup> RollupOfAsync(string rootId, string trace)
    {
        var listed = (await Store.ListRootsAsync(new TraceFilter(ProjectId, 50), CancellationToken.None)).Single(r => r.Span.Id == rootId);
        var spans = await Store.LoadTracesAsync(ProjectId, [trace], withData: false, CancellationToken.None);
        var computed = TraceRollups.Compute(spans).Single(r => r.RootSeq == listed.Span.Seq).Rollup;
        Assert.That(listed.Rollup, Is.EqualTo(computed), $"the stored roll-up of {rootId} equals the one computed from its spans");
        return listed.Rollup;
    }

    [Test]
    public async Task A_trace_written_over_several_batches_rolls_up_all_its_spans()
    {
        await WriteAsync(Rows.Write(0, ProjectId, "r", RowWriteKind.Replace, Span("r", "t")));
        await WriteAsync(
            Rows.Write(0, ProjectId, "a", RowWriteKind.Replace, Span("a", "t", parent: "r", tokens: 10, score: 1.0)),
            Rows.Write(1, ProjectId, "b", RowWriteKind.Replace, Span("b", "t", parent: "r")));
        // A grandchild's score reaches the root through its unscored parent.
        await WriteAsync(Rows.Write(0, ProjectId, "c", RowWriteKind.Replace, Span("c", "t", parent: "b", tokens: 5, score: 0.5, error: "boom")));

        var rollup = await RollupOfAsync("r", "t");

        Assert.Multiple(() =>
        {
            Assert.That(rollup.SpanCount, Is.EqualTo(4));
            Assert.That(rollup.HasError, Is.True);
            Assert.That((rollup.PromptTokens, rollup.CompletionTokens, rollup.Tokens), Is.EqualTo((13.0, 2.0, 15.0)));
            JsonAssert.AreEquivalent(JsonNode.Parse(rollup.ScoresJson!), """{"accuracy":{"value":0.75,"averaged":true}}""");
        });
    }

    [Test]
    public async Task A_whole_trace_in_one_batch_rolls_up_its_spans_and_scores()
    {
        // What the SDKs send: root and children together. (PostgreSQL inserts the root with these totals already and
        // does not rewrite it; the scores still have to be computed from the tree.)
        await WriteAsync(
            Rows.Write(0, ProjectId, "r", RowWriteKind.Replace, Span("r", "t", tokens: 3)),
            Rows.Write(1, ProjectId, "a", RowWriteKind.Replace, Span("a", "t", parent: "r", tokens: 10, score: 1.0, error: "boom")),
            Rows.Write(2, ProjectId, "b", RowWriteKind.Replace, Span("b", "t", parent: "r", tokens: 5, score: 0.5)));

        var rollup = await RollupOfAsync("r", "t");

        Assert.Multiple(() =>
        {
            Assert.That(rollup.SpanCount, Is.EqualTo(3));
            Assert.That(rollup.HasError, Is.True);
            Assert.That((rollup.PromptTokens, rollup.CompletionTokens, rollup.Tokens), Is.EqualTo((15.0, 3.0, 18.0)));
            JsonAssert.AreEquivalent(JsonNode.Parse(rollup.ScoresJson!), """{"accuracy":{"value":0.75,"averaged":true}}""");
        });
    }

    [Test]
    public async Task A_merge_into_a_child_changes_the_roots_tokens_and_scores()
    {
        await WriteAsync(
            Rows.Write(0, ProjectId, "r", RowWriteKind.Replace, Span("r", "t")),
            Rows.Write(1, ProjectId, "a", RowWriteKind.Replace, Span("a", "t", parent: "r", tokens: 10, score: 0.2)));

        await WriteAsync(Rows.Write(0, ProjectId, "a", RowWriteKind.Merge, new JsonObject
        {
            ["metrics"] = new JsonObject { ["tokens"] = 40 },
            ["scores"] = new JsonObject { ["accuracy"] = 0.6 },
            ["error"] = "late failure",
        }));

        var rollup = await RollupOfAsync("r", "t");
        Assert.Multiple(() =>
        {
            Assert.That(rollup.SpanCount, Is.EqualTo(2), "a merge updates the span, it adds none");
            Assert.That(rollup.Tokens, Is.EqualTo(40));
            Assert.That(rollup.HasError, Is.True);
            JsonAssert.AreEquivalent(JsonNode.Parse(rollup.ScoresJson!), """{"accuracy":{"value":0.6,"averaged":true}}""");
        });
    }

    [Test]
    public async Task Feedback_scores_merged_into_the_root_win_over_the_childrens_average()
    {
        await WriteAsync(
            Rows.Write(0, ProjectId, "r", RowWriteKind.Replace, Span("r", "t")),
            Rows.Write(1, ProjectId, "a", RowWriteKind.Replace, Span("a", "t", parent: "r", score: 0.2)));

        await WriteAsync(Rows.Write(0, ProjectId, "r", RowWriteKind.Merge, new JsonObject
        {
            ["scores"] = new JsonObject { ["accuracy"] = 0.9, ["helpful"] = 1 },
        }));

        var rollup = await RollupOfAsync("r", "t");
        JsonAssert.AreEquivalent(JsonNode.Parse(rollup.ScoresJson!),
            """{"accuracy":{"value":0.9,"averaged":false},"helpful":{"value":1,"averaged":false}}""");
    }

    [Test]
    public async Task Deleting_a_span_takes_it_out_of_the_roll_ups()
    {
        await WriteAsync(
            Rows.Write(0, ProjectId, "r", RowWriteKind.Replace, Span("r", "t", tokens: 3)),
            Rows.Write(1, ProjectId, "a", RowWriteKind.Replace, Span("a", "t", parent: "r", tokens: 10, score: 0.2, error: "boom")),
            Rows.Write(2, ProjectId, "b", RowWriteKind.Replace, Span("b", "t", parent: "r", tokens: 7)));

        var failedBefore = await Store.ListRootsAsync(new TraceFilter(ProjectId, 10, Error: true), CancellationToken.None);

        await WriteAsync(Rows.Write(0, ProjectId, "a", RowWriteKind.Delete, []));

        var rollup = await RollupOfAsync("r", "t");
        var failedAfter = await Store.ListRootsAsync(new TraceFilter(ProjectId, 10, Error: true), CancellationToken.None);
        var passedAfter = await Store.ListRootsAsync(new TraceFilter(ProjectId, 10, Error: false), CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(failedBefore.Select(r => r.Span.Id), Is.EqualTo(new[] { "r" }), "the error filter lists the failed trace");
            Assert.That(failedAfter, Is.Empty, "the error filter follows the delete");
            Assert.That(passedAfter.Select(r => r.Span.Id), Is.EqualTo(new[] { "r" }));
            Assert.That(rollup.SpanCount, Is.EqualTo(2));
            Assert.That(rollup.HasError, Is.False, "the only failed span is gone");
            Assert.That(rollup.Tokens, Is.EqualTo(10));
            Assert.That(rollup.ScoresJson, Is.Null, "no scored span is left");
        });
    }

    [Test]
    public async Task A_span_moved_to_another_trace_leaves_the_old_roll_ups_and_joins_the_new_ones()
    {
        await WriteAsync(
            Rows.Write(0, ProjectId, "r1", RowWriteKind.Replace, Span("r1", "t1")),
            Rows.Write(1, ProjectId, "r2", RowWriteKind.Replace, Span("r2", "t2")),
            Rows.Write(2, ProjectId, "a", RowWriteKind.Replace, Span("a", "t1", parent: "r1", tokens: 10, score: 0.4, error: "boom")));

        // The same row id written again under the other trace.
        await WriteAsync(Rows.Write(0, ProjectId, "a", RowWriteKind.Replace, Span("a", "t2", parent: "r2", tokens: 10, score: 0.4, error: "boom")));

        var old = await RollupOfAsync("r1", "t1");
        var moved = await RollupOfAsync("r2", "t2");
        Assert.Multiple(() =>
        {
            Assert.That((old.SpanCount, old.HasError, old.Tokens, old.ScoresJson), Is.EqualTo((1L, false, 0.0, (string?)null)));
            Assert.That((moved.SpanCount, moved.HasError, moved.Tokens), Is.EqualTo((2L, true, 10.0)));
            JsonAssert.AreEquivalent(JsonNode.Parse(moved.ScoresJson!), """{"accuracy":{"value":0.4,"averaged":true}}""");
        });
    }

    [Test]
    public async Task Children_written_before_their_root_are_counted_when_the_root_arrives()
    {
        await WriteAsync(Rows.Write(0, ProjectId, "a", RowWriteKind.Replace, Span("a", "t", parent: "r", tokens: 10, score: 0.3)));

        await WriteAsync(Rows.Write(0, ProjectId, "r", RowWriteKind.Replace, Span("r", "t")));

        var rollup = await RollupOfAsync("r", "t");
        Assert.Multiple(() =>
        {
            Assert.That((rollup.SpanCount, rollup.Tokens), Is.EqualTo((2L, 10.0)));
            JsonAssert.AreEquivalent(JsonNode.Parse(rollup.ScoresJson!), """{"accuracy":{"value":0.3,"averaged":true}}""");
        });
    }

    // One batch holding a trace's root and, after it, rows of the same trace: new spans, a merge into a span the batch just
    // wrote, a delete of a span stored before. The roll-up must count what the batch left, whatever the rows' order.
    [Test]
    public async Task Later_rows_of_the_same_batch_that_merge_or_delete_are_reflected_in_the_roots_roll_up()
    {
        await WriteAsync(Rows.Write(0, ProjectId, "old", RowWriteKind.Replace, Span("old", "t", parent: "r", tokens: 7)));

        await WriteAsync(
            Rows.Write(0, ProjectId, "r", RowWriteKind.Replace, Span("r", "t")),
            Rows.Write(1, ProjectId, "a", RowWriteKind.Replace, Span("a", "t", parent: "r", tokens: 10, score: 0.2)),
            // Same id again: a merge into the span the row before just stored, not a second span.
            Rows.Write(2, ProjectId, "a", RowWriteKind.Merge, new JsonObject { ["scores"] = new JsonObject { ["accuracy"] = 0.8 }, ["error"] = "late" }),
            Rows.Write(3, ProjectId, "old", RowWriteKind.Delete, new JsonObject()),
            Rows.Write(4, ProjectId, "b", RowWriteKind.Replace, Span("b", "t", parent: "r", tokens: 5)));

        var rollup = await RollupOfAsync("r", "t");
        Assert.Multiple(() =>
        {
            Assert.That((rollup.SpanCount, rollup.HasError, rollup.Tokens), Is.EqualTo((3L, true, 15.0)));
            JsonAssert.AreEquivalent(JsonNode.Parse(rollup.ScoresJson!), """{"accuracy":{"value":0.8,"averaged":true}}""");
        });
    }

    [Test]
    public async Task A_whole_trace_in_one_batch_with_its_root_last_or_first_rolls_up_every_span()
    {
        await WriteAsync(
            Rows.Write(0, ProjectId, "a1", RowWriteKind.Replace, Span("a1", "t1", parent: "r1", tokens: 3, score: 1.0)),
            Rows.Write(1, ProjectId, "r1", RowWriteKind.Replace, Span("r1", "t1")),
            Rows.Write(2, ProjectId, "r2", RowWriteKind.Replace, Span("r2", "t2", tokens: 2)),
            Rows.Write(3, ProjectId, "a2", RowWriteKind.Replace, Span("a2", "t2", parent: "r2", tokens: 4, error: "x")),
            Rows.Write(4, ProjectId, "a3", RowWriteKind.Replace, Span("a3", "t2", parent: "a2", score: 0.5)));

        var first = await RollupOfAsync("r1", "t1");
        var second = await RollupOfAsync("r2", "t2");
        Assert.Multiple(() =>
        {
            Assert.That((first.SpanCount, first.HasError, first.Tokens), Is.EqualTo((2L, false, 3.0)));
            Assert.That((second.SpanCount, second.HasError, second.Tokens), Is.EqualTo((3L, true, 6.0)));
            JsonAssert.AreEquivalent(JsonNode.Parse(second.ScoresJson!), """{"accuracy":{"value":0.5,"averaged":true}}""");
        });
    }
}

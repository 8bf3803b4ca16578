using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Protocol;
using Braintrust.Traced.Server.Query;
using Braintrust.Traced.Server.Storage;
using Braintrust.Traced.Server.Tests.Infrastructure;

namespace Braintrust.Traced.Server.Tests.Storage;

/// <summary>
/// When the server last heard of a span (last_heard, the store's clock at the commit that wrote, merged into or
/// commented on it), and "running", which a span without an end keeps only while it is heard from within the timeout.
/// The store's clock is a fake one: time moves without sleeping.
/// </summary>
[TestFixture(StoreBackend.Sqlite)]
[TestFixture(StoreBackend.Postgres)]
public sealed class LastHeardTests(StoreBackend backend) : FakeClockStoreTests(backend, "heard-")
{
    [Test]
    public async Task An_identity_only_merge_moves_last_heard_and_changes_nothing_else()
    {
        var id = NewId();
        await WriteAsync(Rows.Write(0, ProjectId, id, RowWriteKind.Replace, OpenSpan(id)));
        var first = await FindAsync(id);
        Clock.Advance(TimeSpan.FromSeconds(60));

        // The runtime's heartbeat for an open span: its identity and nothing else.
        await WriteAsync(Rows.Write(0, ProjectId, id, RowWriteKind.Merge, new JsonObject { ["span_id"] = id, ["root_span_id"] = id }));

        var second = await FindAsync(id);
        Assert.Multiple(() =>
        {
            Assert.That(first.LastHeard, Is.EqualTo(UnixSeconds(Clock) - 60).Within(0.001), "stamped by the first write");
            Assert.That(second.LastHeard, Is.EqualTo(UnixSeconds(Clock)).Within(0.001), "stamped again by the heartbeat");
            JsonAssert.AreEquivalent(second.Data, first.Data!.ToJsonString(), "the document is unchanged");
            Assert.That((second.Start, second.End, second.Name, second.Created), Is.EqualTo((first.Start, first.End, first.Name, first.Created)));
        });
    }

    [Test]
    public async Task Feedback_and_comments_move_last_heard_of_their_span_only()
    {
        var (id, other) = (NewId(), NewId());
        await WriteAsync(
            Rows.Write(0, ProjectId, id, RowWriteKind.Replace, OpenSpan(id)),
            Rows.Write(1, ProjectId, other, RowWriteKind.Replace, OpenSpan(other)));
        var written = UnixSeconds(Clock);

        Clock.Advance(TimeSpan.FromMinutes(2));
        await WriteAsync([.. FeedbackTranslator.ToRows(JsonNode.Parse("[{\"id\":\"" + id + "\",\"scores\":{\"helpful\":1}}]"), ProjectId)]);
        var afterFeedback = (await FindAsync(id)).LastHeard;

        Clock.Advance(TimeSpan.FromMinutes(2));
        await WriteAsync(new RowWrite(0, ProjectId, "g", NewId(), RowWriteKind.Comment, [],
            Comment: new CommentWrite(id, "still looking", "2026-12-06T04:04:00.000Z", "app", null)));
        var afterComment = (await FindAsync(id)).LastHeard;

        var untouched = (await FindAsync(other)).LastHeard;
        Assert.Multiple(() =>
        {
            Assert.That(afterFeedback, Is.EqualTo(written + 120).Within(0.001));
            Assert.That(afterComment, Is.EqualTo(written + 240).Within(0.001));
            Assert.That(untouched, Is.EqualTo(written).Within(0.001), "a write to another span does not count");
        });
    }

    [Test]
    public async Task A_span_without_an_end_stops_running_once_not_heard_from_within_the_timeout_and_runs_again_when_heard()
    {
        var (open, ended) = (NewId(), NewId());
        var endedData = OpenSpan(ended);
        endedData["metrics"]!["end"] = UnixSeconds(Clock) + 1;
        await WriteAsync(
            Rows.Write(0, ProjectId, open, RowWriteKind.Replace, OpenSpan(open)),
            Rows.Write(1, ProjectId, ended, RowWriteKind.Replace, endedData));
        var liveness = new SpanLivenessClock(RunningTimeout, Clock);

        Clock.Advance(RunningTimeout - TimeSpan.FromSeconds(1));
        var withinTimeout = liveness.Now().IsRunning(await FindAsync(open));
        Clock.Advance(TimeSpan.FromSeconds(2));
        var afterTimeout = liveness.Now().IsRunning(await FindAsync(open));
        await WriteAsync(Rows.Write(0, ProjectId, open, RowWriteKind.Merge, new JsonObject { ["span_id"] = open, ["root_span_id"] = open }));
        var heardAgain = liveness.Now().IsRunning(await FindAsync(open));

        Assert.Multiple(async () =>
        {
            Assert.That(withinTimeout, Is.True);
            Assert.That(afterTimeout, Is.False, "not heard from for longer than the timeout: unfinished");
            Assert.That(heardAgain, Is.True, "a heartbeat makes it running again");
            Assert.That(liveness.Now().IsRunning(await FindAsync(ended)), Is.False, "a span with an end is never running");
        });
    }

    private static JsonObject OpenSpan(string id)
    {
        var data = Rows.SpanData(id, id, start: 1_800_000_000);
        data["input"] = "question";
        return data;
    }

    private static double UnixSeconds(TimeProvider clock) => clock.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0;

    private static string NewId() => "s-" + Guid.NewGuid().ToString("N");

    private async Task<StoredSpan> FindAsync(string id)
        => await Store.FindSpanAsync(ProjectId, id, CancellationToken.None) ?? throw new AssertionException($"span {id} is not stored");
}

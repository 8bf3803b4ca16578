using Braintrust.Traced.Server.Query;
using Braintrust.Traced.Server.Storage;

namespace Braintrust.Traced.Server.Tests.Query;

/// <summary>The rule behind the query API's "running" (see docs/server.md).</summary>
public sealed class SpanLivenessTests
{
    private const double Now = 1_800_000_000;
    private static readonly SpanLiveness Liveness = new(Now, TimeoutSeconds: 300);

    [Test]
    public void A_span_without_an_end_runs_while_last_heard_is_within_the_timeout()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Liveness.IsRunning(Span(start: Now - 86_400, end: null, lastHeard: Now - 299)), Is.True, "started a day ago, heard 5 min ago");
            Assert.That(Liveness.IsRunning(Span(start: Now - 400, end: null, lastHeard: Now - 301)), Is.False, "not heard from for longer than the timeout");
            Assert.That(Liveness.IsRunning(Span(start: Now - 10, end: Now - 1, lastHeard: Now)), Is.False, "ended");
            Assert.That(Liveness.IsRunning(Span(start: null, end: null, lastHeard: Now)), Is.False, "no start: nothing to run");
        });
    }

    [Test]
    public void A_span_stored_before_last_heard_was_recorded_is_judged_by_its_start()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Liveness.IsRunning(Span(start: Now - 60, end: null, lastHeard: null)), Is.True);
            Assert.That(Liveness.IsRunning(Span(start: Now - 301, end: null, lastHeard: null)), Is.False);
        });
    }

    private static StoredSpan Span(double? start, double? end, double? lastHeard)
        => new(1, 1, "p", "g", "id", "id", "id", null, true, "name", "task", start, end, start ?? 0, false, null, null, null,
            "2026-12-06T04:00:00.000Z", lastHeard, null, null);
}

namespace Braintrust.Traced.Shipping;

/// <summary>
/// The early row of a span still open <see cref="BraintrustOptions.ShowRunningTracesAfter"/> after it started (see
/// <see cref="RunningSpanWatch"/>). Without it a span shows in the logs only once it ends: an agent that works for
/// minutes, or a model call that streams for one, would be invisible all that time.
/// </summary>
internal sealed class RunningSpanRow : IPendingRow
{
    private readonly Span _span;
    private readonly RunningSnapshot _snapshot;

    private RunningSpanRow(Span span, RunningSnapshot snapshot)
    {
        _span = span;
        _snapshot = snapshot;
    }

    /// <summary>The span's early row with its input and tags as they are now; null if it ended meanwhile (nothing to ship early).</summary>
    public static RunningSpanRow? TryTake(Span span) => span.TryTakeRunningSnapshot(out var snapshot) ? new RunningSpanRow(span, snapshot) : null;

    public void WriteRow(RowWriter writer) => _span.WriteRunningRow(writer, _snapshot);
}

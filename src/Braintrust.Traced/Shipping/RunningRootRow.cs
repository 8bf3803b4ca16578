namespace Braintrust.Traced.Shipping;

/// <summary>
/// The early row of a root span still open <see cref="BraintrustOptions.ShowRunningTracesAfter"/> after it started
/// (see <see cref="RunningRootWatch"/>). Without it a trace shows in the logs only once its root ends: an agent that
/// works for minutes would be invisible all that time.
/// </summary>
internal sealed class RunningRootRow : IPendingRow
{
    private readonly Span _span;
    private readonly RunningSnapshot _snapshot;

    private RunningRootRow(Span span, RunningSnapshot snapshot)
    {
        _span = span;
        _snapshot = snapshot;
    }

    /// <summary>The root's early row with its input and tags as they are now; null if it ended meanwhile (nothing to ship early).</summary>
    public static RunningRootRow? TryTake(Span span) => span.TryTakeRunningSnapshot(out var snapshot) ? new RunningRootRow(span, snapshot) : null;

    public void WriteRow(RowWriter writer) => _span.WriteRunningRow(writer, _snapshot);
}

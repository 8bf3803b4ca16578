namespace Braintrust.Traced.Shipping;

/// <summary>
/// The early row of a root span that runs longer than <see cref="BraintrustOptions.ShowRunningTracesAfter"/>. Queued when
/// the root starts; the worker does not write it then but hands it to <see cref="RunningRootWatch"/>, which ships it
/// once the root has run that long, if it is still open. Without it a trace shows in the logs only once its root
/// ends: an agent that works for minutes would be invisible all that time.
/// </summary>
internal sealed class RunningRootRow(Span span) : IPendingRow
{
    private RunningSnapshot _snapshot;

    public Span Span => span;

    /// <summary>The UTC tick at which the row is due.</summary>
    public long DueTicks { get; private set; }

    public void ScheduleAfter(TimeSpan delay) => DueTicks = span.StartTicks + delay.Ticks;

    /// <summary>Takes the root's current input and tags, unless it ended meanwhile (then nothing is to be shipped).</summary>
    public bool TryTake() => span.TryTakeRunningSnapshot(out _snapshot);

    public void WriteRow(RowWriter writer) => span.WriteRunningRow(writer, _snapshot);
}

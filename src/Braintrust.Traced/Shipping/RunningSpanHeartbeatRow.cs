namespace Braintrust.Traced.Shipping;

/// <summary>
/// Says a span shipped early (<see cref="RunningSpanRow"/>) is still open, every <see cref="BraintrustOptions.RunningSpanHeartbeat"/>.
/// A server counts a span with a start and no end as running only while it keeps hearing of it; without these rows a
/// span that works for longer than the server's timeout would look like one whose process died.
/// </summary>
internal sealed class RunningSpanHeartbeatRow(Span span) : IPendingRow
{
    public void WriteRow(RowWriter writer) => span.WriteHeartbeatRow(writer);
}

namespace Braintrust.Traced.Server.Storage;

/// <summary>A committed batch: its transaction id and the row ids it touched, in request order.</summary>
public sealed record WriteOutcome(long XactId, IReadOnlyList<string> RowIds);

namespace Braintrust.Traced.Server.Storage;

/// <summary>
/// Keyset position in the root list: the sort value of the last root seen and its insertion sequence (the unique
/// tie-breaker). <see cref="Number"/> holds the value for time, duration and tokens; <see cref="Text"/> for name.
/// </summary>
public sealed record TraceCursor(TraceSort Sort, bool Descending, double Number, string? Text, long Seq);

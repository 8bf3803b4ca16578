namespace Braintrust.Traced.Server.Storage;

/// <summary>
/// Filters and order for the root-trace list. Time bounds are Unix seconds on the root's start time.
/// <see cref="After"/> is the keyset position of the last root on the previous page; it must have been made for
/// the same <see cref="Sort"/> and <see cref="Descending"/> (the query layer rejects a mismatch). <see cref="Status"/>
/// keeps roots running, unfinished or ended at one moment of the server's clock.
/// </summary>
public sealed record TraceFilter(
    string ProjectId,
    int Limit,
    double? From = null,
    double? To = null,
    string? Name = null,
    string? Tag = null,
    bool? Error = null,
    ScoreRange? Score = null,
    MetadataMatch? Metadata = null,
    string? Text = null,
    TraceCursor? After = null,
    TraceSort Sort = TraceSort.Time,
    bool Descending = true,
    StatusMatch? Status = null);

namespace Braintrust.Traced.Server.Storage;

/// <summary>
/// Filters for the root-trace list. Time bounds are Unix seconds on the root's start time.
/// The cursor is the (sort time, row id) of the last root on the previous page (keyset paging, newest first).
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
    TraceCursor? After = null);

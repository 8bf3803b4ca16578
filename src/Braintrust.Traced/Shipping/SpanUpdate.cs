namespace Braintrust.Traced.Shipping;

/// <summary>The arguments of one <see cref="Span.Log"/> call.</summary>
internal sealed record SpanUpdate(
    object? Input,
    object? Output,
    object? Expected,
    IReadOnlyDictionary<string, double?>? Scores,
    IReadOnlyDictionary<string, object?>? Metadata,
    IReadOnlyDictionary<string, double>? Metrics,
    IEnumerable<string>? Tags,
    object? Error)
{
    public bool IsEmpty => Input is null && Output is null && Expected is null && Scores is null && Metadata is null
        && Metrics is null && Tags is null && Error is null;

    /// <summary>This update with its dictionaries and tags copied, for a merge row that is serialized later.</summary>
    public SpanUpdate Snapshot() => this with
    {
        Scores = Snapshots.Copy(Scores),
        Metadata = Snapshots.Copy(Metadata),
        Metrics = Snapshots.Copy(Metrics),
        Tags = Snapshots.Copy(Tags),
    };
}

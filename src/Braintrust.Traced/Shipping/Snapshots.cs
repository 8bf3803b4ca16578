namespace Braintrust.Traced.Shipping;

/// <summary>
/// Shallow copies of the collections a caller hands to <see cref="Span.Log"/> or <see cref="BraintrustLogger.LogFeedback"/>.
/// Rows are serialized later, on the shipper; copying the dictionary or list itself (not the values in it) costs little
/// and means a caller that reuses or clears its dictionary afterwards does not change what was logged.
/// </summary>
internal static class Snapshots
{
    public static IReadOnlyDictionary<string, TValue>? Copy<TValue>(IReadOnlyDictionary<string, TValue>? source) =>
        source is null ? null : new Dictionary<string, TValue>(source, StringComparer.Ordinal);

    public static IEnumerable<string>? Copy(IEnumerable<string>? source) => source?.ToArray();
}

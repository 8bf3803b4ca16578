namespace Braintrust.Traced.Server.Storage;

/// <summary>The order of a trace's spans everywhere: by sort time, then insertion sequence.</summary>
internal static class TraceOrder
{
    public static IReadOnlyList<StoredSpan> Sort(IReadOnlyList<StoredSpan> spans)
        => spans.OrderBy(s => s.SortTs).ThenBy(s => s.Seq).ToList();
}

using System.Data.Common;

namespace Braintrust.Traced.Server.Storage;

/// <summary>
/// Reads a root-list row: the <see cref="StoredSpanReader"/> columns, scores, data, then <c>sort_duration</c> and
/// <c>trace_tokens</c>, whose stored values become the row's keyset position (never recomputed in .NET, so the cursor
/// compares equal to what the database holds).
/// </summary>
internal static class ListedRootReader
{
    public const string ExtraColumns = "s.sort_duration, s.trace_tokens";

    public static ListedRoot Read(DbDataReader r, TraceSort sort, bool descending)
    {
        var span = StoredSpanReader.Read(r);
        var duration = Convert.ToDouble(r.GetValue(21));
        var tokens = Convert.ToDouble(r.GetValue(22));
        return new ListedRoot(span, RootSortColumns.Position(span, duration, tokens, sort, descending));
    }
}

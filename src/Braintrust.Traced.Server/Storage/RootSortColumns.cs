namespace Braintrust.Traced.Server.Storage;

/// <summary>
/// The stored column each <see cref="TraceSort"/> orders by. Every one has a partial index
/// <c>(project_id, column, seq) WHERE is_root</c>, so a page is an index range scan whatever the sort; <c>seq</c>
/// (unique, never reused) breaks ties so keyset paging neither repeats nor skips a root.
/// </summary>
internal static class RootSortColumns
{
    public static string For(TraceSort sort) => sort switch
    {
        TraceSort.Time => "sort_ts",
        TraceSort.Duration => "sort_duration",
        TraceSort.Name => "sort_name",
        TraceSort.Tokens => "trace_tokens",
        _ => throw new ArgumentOutOfRangeException(nameof(sort), sort, "unknown sort"),
    };

    /// <summary>
    /// The keyset condition and ORDER BY for a sort, with the row-value comparison both SQLite and PostgreSQL
    /// answer from the index. <paramref name="parameter"/> prefixes the two cursor parameter names.
    /// </summary>
    public static (string Where, string OrderBy) Keyset(TraceSort sort, bool descending, string parameter)
    {
        var column = "s." + For(sort);
        var direction = descending ? "DESC" : "ASC";
        var comparison = descending ? "<" : ">";
        return ($"({column}, s.seq) {comparison} ({parameter}ckey, {parameter}cseq)", $"{column} {direction}, s.seq {direction}");
    }

    /// <summary>The position of a listed root, read from the extra columns (sort_duration, trace_tokens) after the span.</summary>
    public static TraceCursor Position(StoredSpan span, double sortDuration, double traceTokens, TraceSort sort, bool descending)
        => sort switch
        {
            TraceSort.Duration => new TraceCursor(sort, descending, sortDuration, null, span.Seq),
            TraceSort.Name => new TraceCursor(sort, descending, 0, span.Name ?? "", span.Seq),
            TraceSort.Tokens => new TraceCursor(sort, descending, traceTokens, null, span.Seq),
            _ => new TraceCursor(sort, descending, span.SortTs, null, span.Seq),
        };

    /// <summary>The cursor's key as a parameter value (text for name, number otherwise).</summary>
    public static object KeyValue(TraceCursor cursor) => cursor.Sort == TraceSort.Name ? cursor.Text ?? "" : cursor.Number;
}

namespace Braintrust.Traced.Server.Storage;

/// <summary>
/// A span document ready to store: its JSON, its query columns and whether it still awaits its full row.
/// <see cref="ForBatch"/> builds each row's form for a NEW id (no stored row to merge with) on the caller's thread
/// before the batch is queued, so concurrent requests do that work in parallel and the single writer, which every
/// request waits for, only binds values in the common case. A row whose id turns out to be stored already is merged
/// by the writer, and its precomputed form is dropped.
/// </summary>
internal sealed record PreparedSpan(string Json, SpanColumns Columns, bool IsPartial)
{
    /// <summary>One entry per row: its form for a new id, or null for rows that write no span document.</summary>
    public static IReadOnlyList<PreparedSpan?> ForBatch(IReadOnlyList<RowWrite> rows)
    {
        var prepared = new PreparedSpan?[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            prepared[i] = rows[i].Kind is RowWriteKind.Replace or RowWriteKind.Merge ? ForNewRow(rows[i]) : null;
        }
        return prepared;
    }

    /// <summary>
    /// The row as stored when no row with its id exists: the same document as
    /// <c>From(RowMerger.Apply(null, false, row), row)</c> (a Replace or Merge onto nothing is the row's own data), written
    /// without building a merged copy first.
    /// </summary>
    public static PreparedSpan ForNewRow(RowWrite row)
    {
        if (row.Kind is not (RowWriteKind.Replace or RowWriteKind.Merge))
        {
            throw new ArgumentOutOfRangeException(nameof(row), row.Kind, "only Replace and Merge rows produce a document");
        }
        if (row.Source is { } source && SpanRowElement.TryPrepare(source, row) is { } fromElement)
        {
            return fromElement; // read in place from the request body: no DOM of the row
        }
        var created = row.Data["created"] is null ? SpanDocument.NewCreated() : null;
        return new PreparedSpan(SpanDocument.Serialize(row.Data, row, created), SpanColumns.From(row.Data, created),
            IsPartial: row.Kind == RowWriteKind.Merge);
    }

    /// <summary>A merged document completed with the row's identity (see <see cref="SpanDocument"/>).</summary>
    public static PreparedSpan From(MergedRow merged, RowWrite row)
    {
        var data = SpanDocument.Normalize(merged.Data, row);
        return new PreparedSpan(data.ToJsonString(), SpanColumns.From(data), merged.IsPartial);
    }
}

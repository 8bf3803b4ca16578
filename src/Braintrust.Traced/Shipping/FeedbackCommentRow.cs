using System.Text.Json.Nodes;

namespace Braintrust.Traced.Shipping;

/// <summary>
/// The comment part of <see cref="BraintrustLogger.LogFeedback"/>: a new row of its own (not a merge) pointing at the
/// span through <c>origin.id</c>, as the official SDKs send it.
/// </summary>
internal sealed class FeedbackCommentRow(
    string targetId,
    string comment,
    IReadOnlyDictionary<string, object?>? metadata,
    string source,
    long createdTicks) : IPendingRow
{
    private readonly string _id = Guid.NewGuid().ToString();

    public JsonObject ToRow(RowWriter writer)
    {
        var row = new JsonObject
        {
            [RowFieldNames.Id] = _id,
            [RowFieldNames.Created] = RowWriter.FormatTimestamp(createdTicks),
            [RowFieldNames.Origin] = new JsonObject { [RowFieldNames.Id] = targetId },
            [RowFieldNames.Comment] = new JsonObject { ["text"] = comment },
        };
        writer.WriteDestination(row);
        row[RowFieldNames.AuditSource] = source;
        row[RowFieldNames.AuditMetadata] = metadata is null ? new JsonObject() : writer.Metadata(metadata);
        return row;
    }
}

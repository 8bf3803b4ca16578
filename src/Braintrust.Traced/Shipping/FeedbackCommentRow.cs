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
    private readonly Guid _id = Guid.NewGuid();

    public void WriteRow(RowWriter writer)
    {
        var json = writer.Json;
        json.WriteStartObject();
        json.WriteString(EncodedFieldNames.Id, _id);
        writer.WriteTimestamp(EncodedFieldNames.Created, createdTicks);
        json.WriteStartObject(EncodedFieldNames.Origin);
        json.WriteString(EncodedFieldNames.Id, targetId);
        json.WriteEndObject();
        json.WriteStartObject(EncodedFieldNames.Comment);
        json.WriteString(EncodedFieldNames.Text, comment);
        json.WriteEndObject();
        writer.WriteDestination();
        json.WriteString(EncodedFieldNames.AuditSource, source);
        writer.WriteMetadata(EncodedFieldNames.AuditMetadata, metadata);
        json.WriteEndObject();
    }
}

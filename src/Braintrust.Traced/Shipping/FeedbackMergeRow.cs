namespace Braintrust.Traced.Shipping;

/// <summary>
/// The scores/expected/tags part of <see cref="BraintrustLogger.LogFeedback"/>: a merge row located by <c>id</c> alone, with
/// the feedback's own metadata in <c>_audit_metadata</c> (it describes the feedback, not the span), as the official SDKs send.
/// </summary>
internal sealed class FeedbackMergeRow(
    string id,
    IReadOnlyDictionary<string, double?>? scores,
    object? expected,
    IEnumerable<string>? tags,
    IReadOnlyDictionary<string, object?>? metadata,
    string source) : IPendingRow
{
    public void WriteRow(RowWriter writer)
    {
        var json = writer.Json;
        json.WriteStartObject();
        json.WriteString(EncodedFieldNames.Id, id);
        if (scores is not null)
        {
            writer.WriteScores(scores);
        }

        if (expected is not null)
        {
            writer.WriteValue(EncodedFieldNames.Expected, expected);
        }

        if (tags is not null)
        {
            writer.WriteTags(tags);
        }

        writer.WriteDestination();
        json.WriteString(EncodedFieldNames.AuditSource, source);
        writer.WriteMetadata(EncodedFieldNames.AuditMetadata, metadata);
        json.WriteBoolean(EncodedFieldNames.IsMerge, true);
        json.WriteEndObject();
    }
}

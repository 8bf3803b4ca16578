using System.Text.Json.Nodes;

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
    public JsonObject ToRow(RowWriter writer)
    {
        var row = new JsonObject { [RowFieldNames.Id] = id };
        if (scores is not null)
        {
            row[RowFieldNames.Scores] = RowWriter.Scores(scores);
        }

        if (expected is not null)
        {
            row[RowFieldNames.Expected] = writer.Value(expected);
        }

        if (tags is not null)
        {
            row[RowFieldNames.Tags] = RowWriter.Tags(tags);
        }

        writer.WriteDestination(row);
        row[RowFieldNames.AuditSource] = source;
        row[RowFieldNames.AuditMetadata] = metadata is null ? new JsonObject() : writer.Metadata(metadata);
        row[RowFieldNames.IsMerge] = true;
        return row;
    }
}

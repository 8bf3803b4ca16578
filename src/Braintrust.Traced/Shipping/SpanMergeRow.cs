namespace Braintrust.Traced.Shipping;

/// <summary>A <see cref="Span.Log"/> made after the span ended: a <c>_is_merge</c> row that updates the shipped span.</summary>
internal sealed class SpanMergeRow(Span span, SpanUpdate update) : IPendingRow
{
    public void WriteRow(RowWriter writer)
    {
        var json = writer.Json;
        json.WriteStartObject();
        span.WriteIdentity(writer);
        if (update.Input is not null)
        {
            writer.WriteValue(EncodedFieldNames.Input, update.Input);
        }

        if (update.Output is not null)
        {
            writer.WriteValue(EncodedFieldNames.Output, update.Output);
        }

        if (update.Expected is not null)
        {
            writer.WriteValue(EncodedFieldNames.Expected, update.Expected);
        }

        if (update.Error is not null)
        {
            writer.WriteValue(EncodedFieldNames.Error, update.Error);
        }

        if (update.Scores is not null)
        {
            writer.WriteScores(update.Scores);
        }

        if (update.Metadata is not null)
        {
            writer.WriteMetadata(EncodedFieldNames.Metadata, update.Metadata);
        }

        if (update.Metrics is not null)
        {
            writer.WriteMetrics(update.Metrics);
        }

        if (update.Tags is not null)
        {
            writer.WriteTags(update.Tags);
        }

        json.WriteBoolean(EncodedFieldNames.IsMerge, true);
        json.WriteEndObject();
    }
}

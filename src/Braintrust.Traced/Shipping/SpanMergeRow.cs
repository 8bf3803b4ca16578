using System.Text.Json.Nodes;

namespace Braintrust.Traced.Shipping;

/// <summary>A <see cref="Span.Log"/> made after the span ended: a <c>_is_merge</c> row that updates the shipped span.</summary>
internal sealed class SpanMergeRow(Span span, SpanUpdate update) : IPendingRow
{
    public JsonObject ToRow(RowWriter writer)
    {
        var row = new JsonObject();
        span.WriteIdentity(writer, row);
        if (update.Input is not null)
        {
            row[RowFieldNames.Input] = writer.Value(update.Input);
        }

        if (update.Output is not null)
        {
            row[RowFieldNames.Output] = writer.Value(update.Output);
        }

        if (update.Expected is not null)
        {
            row[RowFieldNames.Expected] = writer.Value(update.Expected);
        }

        if (update.Error is not null)
        {
            row[RowFieldNames.Error] = writer.Value(update.Error);
        }

        if (update.Scores is not null)
        {
            row[RowFieldNames.Scores] = RowWriter.Scores(update.Scores);
        }

        if (update.Metadata is not null)
        {
            row[RowFieldNames.Metadata] = writer.Metadata(update.Metadata);
        }

        if (update.Metrics is not null)
        {
            row[RowFieldNames.Metrics] = RowWriter.Metrics(update.Metrics);
        }

        if (update.Tags is not null)
        {
            row[RowFieldNames.Tags] = RowWriter.Tags(update.Tags);
        }

        row[RowFieldNames.IsMerge] = true;
        return row;
    }
}

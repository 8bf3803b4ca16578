using System.Text.Json;

namespace Braintrust.Traced.Shipping;

/// <summary>
/// <see cref="RowFieldNames"/> pre-encoded for <see cref="Utf8JsonWriter"/>: every row writes the same dozen names, and
/// an encoded name is copied as bytes instead of being transcoded and checked for escaping each time.
/// </summary>
internal static class EncodedFieldNames
{
    public static readonly JsonEncodedText Id = JsonEncodedText.Encode(RowFieldNames.Id);
    public static readonly JsonEncodedText SpanId = JsonEncodedText.Encode(RowFieldNames.SpanId);
    public static readonly JsonEncodedText RootSpanId = JsonEncodedText.Encode(RowFieldNames.RootSpanId);
    public static readonly JsonEncodedText SpanParents = JsonEncodedText.Encode(RowFieldNames.SpanParents);
    public static readonly JsonEncodedText Created = JsonEncodedText.Encode(RowFieldNames.Created);
    public static readonly JsonEncodedText Input = JsonEncodedText.Encode(RowFieldNames.Input);
    public static readonly JsonEncodedText Output = JsonEncodedText.Encode(RowFieldNames.Output);
    public static readonly JsonEncodedText Expected = JsonEncodedText.Encode(RowFieldNames.Expected);
    public static readonly JsonEncodedText Error = JsonEncodedText.Encode(RowFieldNames.Error);
    public static readonly JsonEncodedText Scores = JsonEncodedText.Encode(RowFieldNames.Scores);
    public static readonly JsonEncodedText Metadata = JsonEncodedText.Encode(RowFieldNames.Metadata);
    public static readonly JsonEncodedText Metrics = JsonEncodedText.Encode(RowFieldNames.Metrics);
    public static readonly JsonEncodedText SpanAttributes = JsonEncodedText.Encode(RowFieldNames.SpanAttributes);
    public static readonly JsonEncodedText Context = JsonEncodedText.Encode(RowFieldNames.Context);
    public static readonly JsonEncodedText Tags = JsonEncodedText.Encode(RowFieldNames.Tags);
    public static readonly JsonEncodedText ProjectId = JsonEncodedText.Encode(RowFieldNames.ProjectId);
    public static readonly JsonEncodedText LogId = JsonEncodedText.Encode(RowFieldNames.LogId);
    public static readonly JsonEncodedText IsMerge = JsonEncodedText.Encode(RowFieldNames.IsMerge);
    public static readonly JsonEncodedText AuditSource = JsonEncodedText.Encode(RowFieldNames.AuditSource);
    public static readonly JsonEncodedText AuditMetadata = JsonEncodedText.Encode(RowFieldNames.AuditMetadata);
    public static readonly JsonEncodedText Origin = JsonEncodedText.Encode(RowFieldNames.Origin);
    public static readonly JsonEncodedText Comment = JsonEncodedText.Encode(RowFieldNames.Comment);
    public static readonly JsonEncodedText ProjectLogId = JsonEncodedText.Encode(RowFieldNames.ProjectLogId);
    public static readonly JsonEncodedText Start = JsonEncodedText.Encode("start");
    public static readonly JsonEncodedText End = JsonEncodedText.Encode("end");
    public static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
    public static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
    public static readonly JsonEncodedText Text = JsonEncodedText.Encode("text");
}

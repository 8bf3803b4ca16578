namespace Braintrust.Traced.Shipping;

/// <summary>The field names of Braintrust's <c>logs3</c> rows, and the metadata keys this runtime adds.</summary>
internal static class RowFieldNames
{
    public const string Id = "id";
    public const string SpanId = "span_id";
    public const string RootSpanId = "root_span_id";
    public const string SpanParents = "span_parents";
    public const string Created = "created";
    public const string Input = "input";
    public const string Output = "output";
    public const string Expected = "expected";
    public const string Error = "error";
    public const string Scores = "scores";
    public const string Metadata = "metadata";
    public const string Metrics = "metrics";
    public const string SpanAttributes = "span_attributes";
    public const string Context = "context";
    public const string Tags = "tags";
    public const string ProjectId = "project_id";
    public const string LogId = "log_id";
    public const string IsMerge = "_is_merge";
    public const string AuditSource = "_audit_source";
    public const string AuditMetadata = "_audit_metadata";
    public const string Origin = "origin";
    public const string Comment = "comment";

    /// <summary>Project logs always go to log id <c>"g"</c>.</summary>
    public const string ProjectLogId = "g";

    /// <summary>Set to <see langword="true"/> when the traced call was cancelled (an <see cref="OperationCanceledException"/>).</summary>
    public const string CancelledMetadataKey = "cancelled";

    /// <summary>How many items a traced sequence produced (the output keeps at most the first items).</summary>
    public const string ItemCountMetadataKey = "item_count";

    /// <summary>Set to <see langword="true"/> when the caller stopped enumerating a traced sequence before its end.</summary>
    public const string StoppedEarlyMetadataKey = "stopped_early";

    /// <summary>The <c>context.span_origin.name</c> that identifies this SDK.</summary>
    public const string SpanOriginName = "braintrust.traced.dotnet";
}

using System.Text.Json.Nodes;

namespace Braintrust.Traced.Server.Storage;

/// <summary>
/// One validated row of a batch. <see cref="Data"/> holds the row's user fields without control fields
/// (<c>_is_merge</c>, <c>_object_delete</c>, <c>_merge_paths</c>, <c>_audit_*</c>).
/// </summary>
public sealed record RowWrite(
    int Index,
    string ProjectId,
    string LogId,
    string Id,
    RowWriteKind Kind,
    JsonObject Data,
    IReadOnlyList<string[]>? MergePaths = null,
    CommentWrite? Comment = null);

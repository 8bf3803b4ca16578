using System.Text.Json;
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
    CommentWrite? Comment = null)
{
    private JsonObject? _data = Data;

    /// <summary>
    /// A row validated in place in the request's parsed body (logs3): its <see cref="Data"/> is built from
    /// <paramref name="source"/> only when something needs it as a DOM (a merge into a stored row, PostgreSQL); the
    /// common first write of a span is stored straight from the element (<see cref="PreparedSpan.ForNewRow"/>).
    /// </summary>
    /// <param name="source">The row object; it must stay readable (its body undisposed) until the batch is committed.</param>
    internal RowWrite(int index, string projectId, string logId, string id, RowWriteKind kind, JsonElement source,
        IReadOnlyList<string[]>? mergePaths)
        : this(index, projectId, logId, id, kind, Data: null!, mergePaths)
    {
        Source = source;
    }

    public JsonObject Data
    {
        get => _data ??= SpanRowElement.UserFields(Source!.Value);
        init => _data = value;
    }

    /// <summary>The row object as sent, when the row was validated in place (see the internal constructor), else null.</summary>
    internal JsonElement? Source { get; }
}

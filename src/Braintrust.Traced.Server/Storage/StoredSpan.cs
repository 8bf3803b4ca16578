using System.Text.Json.Nodes;

namespace Braintrust.Traced.Server.Storage;

/// <summary>
/// A stored span row. <see cref="Seq"/> is its immutable insertion order (the fetch cursor);
/// <see cref="XactId"/> changes on every write (the live stream's resume point).
/// <see cref="Data"/> is null for the light projections the query lists use; <see cref="Scores"/> is always loaded.
/// <see cref="LastHeard"/> is when the server last wrote the span (insert, merge, comment or feedback on it), in Unix
/// seconds by the server's clock; null for spans stored before the server recorded it.
/// </summary>
public sealed record StoredSpan(
    long Seq,
    long XactId,
    string ProjectId,
    string LogId,
    string Id,
    string? SpanId,
    string? RootSpanId,
    string? ParentSpanId,
    bool IsRoot,
    string? Name,
    string? SpanType,
    double? Start,
    double? End,
    double SortTs,
    bool HasError,
    double? PromptTokens,
    double? CompletionTokens,
    double? Tokens,
    string Created,
    double? LastHeard,
    JsonObject? Scores,
    JsonObject? Data) : IRollupSource;

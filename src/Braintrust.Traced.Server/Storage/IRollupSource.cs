using System.Text.Json.Nodes;

namespace Braintrust.Traced.Server.Storage;

/// <summary>
/// The fields of a span the trace list's roll-ups (<see cref="TraceRollup"/>) depend on. A stored span has them all;
/// the writer reads only these (<see cref="RollupSpan"/>) when it refreshes a trace, since it runs for every trace
/// every batch touches and the other columns would only be read to be dropped.
/// </summary>
public interface IRollupSource
{
    long Seq { get; }
    double SortTs { get; }
    string? SpanId { get; }
    string? ParentSpanId { get; }
    bool IsRoot { get; }
    bool HasError { get; }
    double? PromptTokens { get; }
    double? CompletionTokens { get; }
    double? Tokens { get; }
    JsonObject? Scores { get; }
}

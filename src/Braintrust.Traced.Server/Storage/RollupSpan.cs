using System.Data.Common;
using System.Text.Json.Nodes;

namespace Braintrust.Traced.Server.Storage;

/// <summary>A span as the roll-up refresh reads it: <see cref="IRollupSource"/>'s columns only.</summary>
internal sealed record RollupSpan(long Seq, double SortTs, string? SpanId, string? ParentSpanId, bool IsRoot, bool HasError,
    double? PromptTokens, double? CompletionTokens, double? Tokens, JsonObject? Scores) : IRollupSource
{
    /// <summary>The columns <see cref="Read"/> expects, followed by the backend's scores-JSON expression.</summary>
    public const string Columns = "seq, sort_ts, span_id, parent_span_id, is_root, has_error, prompt_tokens, completion_tokens, tokens";

    /// <summary>Reads <see cref="Columns"/> then the scores JSON (NULL for a span without scores) at ordinal 9.</summary>
    public static RollupSpan Read(DbDataReader r)
        => new(
            Seq: Convert.ToInt64(r.GetValue(0)),
            SortTs: r.GetDouble(1),
            SpanId: r.IsDBNull(2) ? null : r.GetString(2),
            ParentSpanId: r.IsDBNull(3) ? null : r.GetString(3),
            IsRoot: Convert.ToBoolean(r.GetValue(4)),
            HasError: Convert.ToBoolean(r.GetValue(5)),
            PromptTokens: r.IsDBNull(6) ? null : r.GetDouble(6),
            CompletionTokens: r.IsDBNull(7) ? null : r.GetDouble(7),
            Tokens: r.IsDBNull(8) ? null : r.GetDouble(8),
            Scores: r.IsDBNull(9) ? null : JsonNode.Parse(r.GetString(9)) as JsonObject);
}

using System.Data.Common;

namespace Braintrust.Traced.Server.Storage;

/// <summary>
/// Reads a root-list row: the <see cref="StoredSpanReader"/> columns, scores, data, then <c>sort_duration</c> and
/// <c>trace_tokens</c>, whose stored values become the row's keyset position (never recomputed in .NET, so the cursor
/// compares equal to what the database holds), then the trace's other stored roll-ups (see <see cref="TraceRollup"/>).
/// </summary>
internal static class ListedRootReader
{
    public const string ExtraColumns = "s.sort_duration, s.trace_tokens, s.trace_span_count, s.trace_has_error, " +
                                       "s.trace_prompt_tokens, s.trace_completion_tokens, s.trace_scores";

    public static ListedRoot Read(DbDataReader r, TraceSort sort, bool descending)
    {
        var span = StoredSpanReader.Read(r);
        var duration = Convert.ToDouble(r.GetValue(22));
        var tokens = Convert.ToDouble(r.GetValue(23));
        var rollup = new TraceRollup(
            SpanCount: Convert.ToInt64(r.GetValue(24)),
            HasError: Convert.ToBoolean(r.GetValue(25)),
            PromptTokens: Convert.ToDouble(r.GetValue(26)),
            CompletionTokens: Convert.ToDouble(r.GetValue(27)),
            Tokens: tokens,
            ScoresJson: r.IsDBNull(28) ? null : r.GetString(28));
        return new ListedRoot(span, RootSortColumns.Position(span, duration, tokens, sort, descending), rollup);
    }
}

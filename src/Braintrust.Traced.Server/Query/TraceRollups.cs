using Braintrust.Traced.Server.Storage;

namespace Braintrust.Traced.Server.Query;

/// <summary>
/// Computes the list's roll-ups of one trace from its visible spans, the way the list computed them when it read
/// every span of a page: the writer stores the result on the trace's root row(s) after every batch that touched the
/// trace, so the list answers the same JSON from the root rows alone.
/// </summary>
internal static class TraceRollups
{
    /// <param name="traceSpans">The trace's visible spans, in any order.</param>
    /// <returns>The seq of each root row of the trace (normally one) with its roll-up; scores differ per root span id.</returns>
    public static IReadOnlyList<(long RootSeq, TraceRollup Rollup)> Compute(IReadOnlyList<IRollupSource> traceSpans)
    {
        // The trace order everywhere (TraceOrder): sums and the score roll-up (a repeated span id: the last one wins)
        // depend on it, as they did when the list computed them from the loaded trace.
        var spans = traceSpans.OrderBy(s => s.SortTs).ThenBy(s => s.Seq).ToList();
        var roots = spans.Where(s => s.IsRoot).ToList();
        if (roots.Count == 0)
        {
            return [];
        }
        var hasError = spans.Any(s => s.HasError);
        var prompt = spans.Sum(s => s.PromptTokens ?? 0);
        var completion = spans.Sum(s => s.CompletionTokens ?? 0);
        var total = spans.Sum(s => s.Tokens ?? 0);
        // Most traces carry no scores at all: then every root shows {} and the tree walk is skipped.
        var scores = spans.Any(s => s.Scores is not null) ? ScoreRollup.Compute(spans) : null;
        return roots.Select(root =>
        {
            var shown = SpanJson.Scores(scores?.GetValueOrDefault(root.SpanId!));
            return (root.Seq, new TraceRollup(spans.Count, hasError, prompt, completion, total, shown.Count == 0 ? null : shown.ToJsonString()));
        }).ToList();
    }
}

using Braintrust.Traced.Server.Storage;

namespace Braintrust.Traced.Server.Query;

/// <summary>
/// Computes the list's roll-ups of one trace from its visible spans, the way the list computed them when it read
/// every span of a page: the writer stores the result on the trace's root row(s) after every batch that touched the
/// trace, so the list answers the same JSON from the root rows alone.
/// </summary>
internal static class TraceRollups
{
    /// <param name="traceSpans">The trace's visible spans in <see cref="TraceOrder"/> (sums and the score roll-up
    /// depend on the order, as they did when the list computed them).</param>
    /// <returns>Each root row of the trace (normally one) with its roll-up; scores differ per root span id.</returns>
    public static IReadOnlyList<(StoredSpan Root, TraceRollup Rollup)> Compute(IReadOnlyList<StoredSpan> traceSpans)
    {
        var roots = traceSpans.Where(s => s.IsRoot).ToList();
        if (roots.Count == 0)
        {
            return [];
        }
        var hasError = traceSpans.Any(s => s.HasError);
        var prompt = traceSpans.Sum(s => s.PromptTokens ?? 0);
        var completion = traceSpans.Sum(s => s.CompletionTokens ?? 0);
        var total = traceSpans.Sum(s => s.Tokens ?? 0);
        // Most traces carry no scores at all: then every root shows {} and the tree walk is skipped.
        var scores = traceSpans.Any(s => s.Scores is not null) ? ScoreRollup.Compute(traceSpans) : null;
        return roots.Select(root =>
        {
            var shown = SpanJson.Scores(scores?.GetValueOrDefault(root.SpanId!));
            return (root, new TraceRollup(traceSpans.Count, hasError, prompt, completion, total, shown.Count == 0 ? null : shown.ToJsonString()));
        }).ToList();
    }
}

namespace Braintrust.Traced.Server.Storage.Postgres;

/// <summary>
/// The trace roll-ups a commit group can compute from its own rows, for the root rows it inserts: span count, error
/// flag and token totals of the group's visible spans of that trace, as <see cref="PostgresTraceRollups"/> aggregates
/// them. When the whole trace arrives in one group (what the SDKs send), this is already the right value, so the
/// refresh that follows finds nothing to change and does not rewrite the root row: an update of a root is a new
/// ~1.5 KB row version plus an entry in every index of <c>spans</c> (its <c>trace_tokens</c> is indexed, so it is
/// never a HOT update). Where the trace has other stored spans, the refresh still writes the full totals.
/// </summary>
internal readonly record struct GroupRollups(long SpanCount, bool HasError, double PromptTokens, double CompletionTokens, double Tokens)
{
    /// <summary>One entry per row: its trace's group totals on root rows, the column defaults (nothing yet) on the others.</summary>
    public static GroupRollups[] Of(IReadOnlyList<(string ProjectId, string LogId, string Id)> keys, IReadOnlyList<SpanColumns> columns)
    {
        var totals = new Dictionary<(string ProjectId, string RootSpanId), GroupRollups>();
        for (var i = 0; i < keys.Count; i++)
        {
            var c = columns[i];
            if (!c.IsVisible)
            {
                continue;
            }
            var trace = (keys[i].ProjectId, c.RootSpanId!);
            var t = totals.GetValueOrDefault(trace);
            totals[trace] = new GroupRollups(t.SpanCount + 1, t.HasError || c.HasError, t.PromptTokens + (c.PromptTokens ?? 0),
                t.CompletionTokens + (c.CompletionTokens ?? 0), t.Tokens + (c.Tokens ?? 0));
        }
        var rollups = new GroupRollups[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            if (columns[i].IsRoot && columns[i].RootSpanId is { } root && totals.TryGetValue((keys[i].ProjectId, root), out var t))
            {
                rollups[i] = t;
            }
        }
        return rollups;
    }
}

namespace Braintrust.Traced.Server.Storage;

/// <summary>
/// What the trace list shows of a whole trace beside its root: span count, whether any span failed, token totals,
/// and the root's scores as the list answers them. Computed when the trace is written (Query.TraceRollups) and
/// stored on the root row, so a page of the list reads its roots and no other span.
/// </summary>
/// <param name="ScoresJson">The root's scores exactly as the list's <c>scores</c> field (own, or averaged from its
/// children), or null for none (most traces).</param>
public sealed record TraceRollup(long SpanCount, bool HasError, double PromptTokens, double CompletionTokens, double Tokens, string? ScoresJson);

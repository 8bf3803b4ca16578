namespace Braintrust.Traced.Server.Storage;

/// <summary>A root span from the trace list, with its keyset position under the sort it was listed by and its trace's stored roll-ups.</summary>
public sealed record ListedRoot(StoredSpan Span, TraceCursor Position, TraceRollup Rollup);

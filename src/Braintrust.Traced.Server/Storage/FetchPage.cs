namespace Braintrust.Traced.Server.Storage;

/// <summary>One page of raw rows for the REST fetch endpoint; <see cref="NextBeforeSeq"/> is null on the last page.</summary>
public sealed record FetchPage(IReadOnlyList<StoredSpan> Spans, long? NextBeforeSeq);

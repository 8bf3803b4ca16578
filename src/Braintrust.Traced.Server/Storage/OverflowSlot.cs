namespace Braintrust.Traced.Server.Storage;

/// <summary>A reserved logs3 overflow upload slot: which org may ingest it, the size it declared, when it expires.</summary>
public sealed record OverflowSlot(string OrgId, long SizeBytes, DateTimeOffset Expires);

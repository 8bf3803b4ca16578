namespace Braintrust.Traced.Server.Storage;

/// <summary>Keyset position in the newest-first root list: the last root seen.</summary>
public sealed record TraceCursor(double SortTs, string Id);

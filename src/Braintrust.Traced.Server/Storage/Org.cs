namespace Braintrust.Traced.Server.Storage;

/// <summary>An organization: the unit of isolation. Keys and projects belong to exactly one.</summary>
public sealed record Org(string Id, string Name, DateTimeOffset Created);

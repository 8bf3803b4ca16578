namespace Braintrust.Traced.Server.Storage;

/// <summary>A project inside an org; project logs are stored per project.</summary>
public sealed record Project(string Id, string OrgId, string Name, string? Description, DateTimeOffset Created);

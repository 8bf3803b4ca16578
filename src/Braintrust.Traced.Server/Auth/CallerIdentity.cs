namespace Braintrust.Traced.Server.Auth;

/// <summary>Who is calling: the org every read and write of this request is confined to.</summary>
public sealed record CallerIdentity(string OrgId, string OrgName, string KeyId);

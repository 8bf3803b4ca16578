namespace Braintrust.Traced.Server.Storage;

/// <summary>An API key as stored: only a salted PBKDF2 hash of the secret, never the key itself.</summary>
public sealed record ApiKeyRecord(
    string KeyId,
    string OrgId,
    string Name,
    byte[] Salt,
    byte[] Hash,
    int Iterations,
    DateTimeOffset Created,
    DateTimeOffset? Revoked);

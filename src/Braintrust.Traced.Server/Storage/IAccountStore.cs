namespace Braintrust.Traced.Server.Storage;

/// <summary>Orgs, API keys and projects.</summary>
public interface IAccountStore
{
    Task<bool> AnyOrgAsync(CancellationToken ct);

    Task<Org?> FindOrgAsync(string orgId, CancellationToken ct);

    Task<Org?> FindOrgByNameAsync(string name, CancellationToken ct);

    Task<Org> CreateOrgAsync(string name, CancellationToken ct);

    Task AddApiKeyAsync(ApiKeyRecord key, CancellationToken ct);

    Task<ApiKeyRecord?> FindApiKeyAsync(string keyId, CancellationToken ct);

    Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(string? orgId, CancellationToken ct);

    /// <summary>Marks a key revoked; false when no such (unrevoked) key exists.</summary>
    Task<bool> RevokeApiKeyAsync(string keyId, DateTimeOffset when, CancellationToken ct);

    /// <summary>Get-or-create by name inside the org (idempotent, as the SDK's project registration expects).</summary>
    Task<Project> GetOrCreateProjectAsync(string orgId, string name, string? description, CancellationToken ct);

    Task<Project?> FindProjectAsync(string orgId, string projectId, CancellationToken ct);

    Task<IReadOnlyList<Project>> ListProjectsAsync(string orgId, CancellationToken ct);
}

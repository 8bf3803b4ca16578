using Braintrust.Traced.Server.Storage;

namespace Braintrust.Traced.Server.Auth;

/// <summary>Issues, imports and revokes keys; the only place that turns a key into its stored hash.</summary>
public sealed class ApiKeyService(IAccountStore store)
{
    /// <summary>Creates a new random key for the org; the returned text is the only time the key exists in clear.</summary>
    public async Task<(string Key, ApiKeyRecord Record)> CreateAsync(string orgId, string name, CancellationToken ct)
    {
        var key = ApiKeyFormat.NewKey(out _);
        return (key, await ImportAsync(orgId, name, key, ct));
    }

    /// <summary>Stores an operator-chosen key (headless bootstrap).</summary>
    public async Task<ApiKeyRecord> ImportAsync(string orgId, string name, string key, CancellationToken ct)
    {
        if (key.Length < ApiKeyFormat.MinimumExternalLength || key.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException(
                $"An API key must be at least {ApiKeyFormat.MinimumExternalLength} characters with no whitespace.", nameof(key));
        }
        var (salt, hash) = ApiKeyHasher.Hash(key);
        var record = new ApiKeyRecord(ApiKeyFormat.KeyIdOf(key), orgId, name, salt, hash, ApiKeyHasher.Iterations, DateTimeOffset.UtcNow, null);
        await store.AddApiKeyAsync(record, ct);
        return record;
    }
}

using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Braintrust.Traced.Server.Storage;

namespace Braintrust.Traced.Server.Auth;

/// <summary>
/// Checks presented keys against their salted hashes. PBKDF2 is deliberately slow, so a successful hash check
/// is remembered, keyed by a SHA-256 of the presented key (the clear key is never kept). The key's row is still
/// read on every request (one indexed lookup), so a revocation — from this process or the CLI — applies to the
/// very next request.
/// </summary>
public sealed class ApiKeyAuthenticator(IAccountStore store)
{
    private readonly ConcurrentDictionary<string, byte[]> _verifiedHashes = new();

    public async Task<CallerIdentity?> AuthenticateAsync(string presentedKey, CancellationToken ct)
    {
        var record = await store.FindApiKeyAsync(ApiKeyFormat.KeyIdOf(presentedKey), ct);
        if (record is null || record.Revoked is not null)
        {
            return null;
        }
        var cacheKey = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(presentedKey)));
        var alreadyVerified = _verifiedHashes.TryGetValue(cacheKey, out var hash) && CryptographicOperations.FixedTimeEquals(hash, record.Hash);
        if (!alreadyVerified)
        {
            if (!ApiKeyHasher.Verify(presentedKey, record.Salt, record.Hash, record.Iterations))
            {
                return null;
            }
            _verifiedHashes[cacheKey] = record.Hash;
        }
        var org = await store.FindOrgAsync(record.OrgId, ct);
        return org is null ? null : new CallerIdentity(org.Id, org.Name, record.KeyId);
    }
}

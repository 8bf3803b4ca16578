using System.Security.Cryptography;
using Braintrust.Traced.Server.Storage;

namespace Braintrust.Traced.Server.Protocol.Overflow;

/// <summary>
/// Staging for the SDK's logs3 overflow path (batches larger than logs3_payload_max_bytes): the SDK asks for an
/// upload slot, PUTs the payload to it WITHOUT its API key, then posts a reference to /logs3. The slot key is a
/// 256-bit random capability bound to the org that requested it; payloads are kept (<see cref="IOverflowStaging"/>)
/// until they expire, so an SDK retry of the reference still finds them.
/// </summary>
internal sealed class OverflowUploads(IOverflowStaging staging, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    /// <summary>Reserves a slot for <paramref name="sizeBytes"/> bytes; returns its key.</summary>
    public async Task<string> ReserveAsync(string orgId, long sizeBytes, CancellationToken ct)
    {
        await staging.RemoveExpiredAsync(time.GetUtcNow() - TimeSpan.FromMinutes(5), ct);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        await staging.SaveSlotAsync(key, new OverflowSlot(orgId, sizeBytes, time.GetUtcNow() + Lifetime), ct);
        return key;
    }

    /// <summary>The slot's declared size, or null when the key is unknown or expired.</summary>
    public async Task<long?> DeclaredSizeAsync(string key, CancellationToken ct)
        => await OpenSlotAsync(key, ct) is { } slot ? slot.SizeBytes : null;

    public Task StoreAsync(string key, Stream body, CancellationToken ct) => staging.SavePayloadAsync(key, body, ct);

    /// <summary>The uploaded payload for the caller's org, or null when missing, expired or another org's.</summary>
    public async Task<byte[]?> ReadAsync(string key, string orgId, CancellationToken ct)
        => await OpenSlotAsync(key, ct) is { } slot && slot.OrgId == orgId ? await staging.ReadPayloadAsync(key, ct) : null;

    /// <summary>Keys are base64url; anything else could escape a folder or match nothing and is treated as unknown.</summary>
    private static bool IsWellFormed(string key) => key.Length == 43 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private async Task<OverflowSlot?> OpenSlotAsync(string key, CancellationToken ct)
        => IsWellFormed(key) && await staging.FindSlotAsync(key, ct) is { } slot && slot.Expires > time.GetUtcNow() ? slot : null;
}

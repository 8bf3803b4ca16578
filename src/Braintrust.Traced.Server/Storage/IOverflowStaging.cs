namespace Braintrust.Traced.Server.Storage;

/// <summary>
/// Where logs3 overflow slots and their uploaded payloads wait until the SDK posts the reference (see
/// Protocol/Overflow/OverflowUploads, which owns keys, sizes, expiry and the org check). One server keeps them in its
/// data dir (<see cref="FileOverflowStaging"/>); servers sharing a PostgreSQL database keep them in it, so the slot
/// reserved on one server, the upload to another and the reference posted to a third meet.
/// </summary>
public interface IOverflowStaging
{
    Task SaveSlotAsync(string key, OverflowSlot slot, CancellationToken ct);

    /// <returns>The slot, expired or not; null when the key was never reserved (or was removed).</returns>
    Task<OverflowSlot?> FindSlotAsync(string key, CancellationToken ct);

    /// <summary>Stores the payload of a reserved slot; a reader never sees half of it.</summary>
    Task SavePayloadAsync(string key, Stream body, CancellationToken ct);

    /// <returns>The payload, or null when none was uploaded.</returns>
    Task<byte[]?> ReadPayloadAsync(string key, CancellationToken ct);

    /// <summary>Removes slots and payloads that expired before <paramref name="cutoff"/>.</summary>
    Task RemoveExpiredAsync(DateTimeOffset cutoff, CancellationToken ct);
}

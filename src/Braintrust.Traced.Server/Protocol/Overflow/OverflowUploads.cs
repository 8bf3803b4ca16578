using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Hosting;

namespace Braintrust.Traced.Server.Protocol.Overflow;

/// <summary>
/// Staging for the SDK's logs3 overflow path (batches larger than logs3_payload_max_bytes): the SDK asks for an
/// upload slot, PUTs the payload to it WITHOUT its API key, then posts a reference to /logs3. The slot key is a
/// 256-bit random capability bound to the org that requested it; payloads live as files under
/// <c>&lt;data dir&gt;/overflow</c> until they expire, so an SDK retry of the reference still finds them.
/// </summary>
internal sealed class OverflowUploads(ServerOptions options, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private string Folder => Path.Combine(options.DataDir, "overflow");

    /// <summary>Reserves a slot for <paramref name="sizeBytes"/> bytes; returns its key.</summary>
    public async Task<string> ReserveAsync(string orgId, long sizeBytes, CancellationToken ct)
    {
        Directory.CreateDirectory(Folder);
        RemoveExpired();
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var slot = new JsonObject
        {
            ["org_id"] = orgId,
            ["size_bytes"] = sizeBytes,
            ["expires"] = (time.GetUtcNow() + Lifetime).ToUnixTimeSeconds(),
        };
        await File.WriteAllTextAsync(SlotPath(key), slot.ToJsonString(), ct);
        return key;
    }

    /// <summary>The slot's declared size, or null when the key is unknown or expired.</summary>
    public long? DeclaredSize(string key)
        => ReadSlot(key) is { } slot ? slot["size_bytes"]!.GetValue<long>() : null;

    public async Task StoreAsync(string key, Stream body, CancellationToken ct)
    {
        var partial = PayloadPath(key) + ".partial";
        await using (var file = File.Create(partial))
        {
            await body.CopyToAsync(file, ct);
        }
        // Rename last: a reader never sees half an upload.
        File.Move(partial, PayloadPath(key), overwrite: true);
    }

    /// <summary>The uploaded payload for the caller's org, or null when missing, expired or another org's.</summary>
    public async Task<byte[]?> ReadAsync(string key, string orgId, CancellationToken ct)
    {
        if (ReadSlot(key) is not { } slot || slot["org_id"]!.GetValue<string>() != orgId || !File.Exists(PayloadPath(key)))
        {
            return null;
        }
        return await File.ReadAllBytesAsync(PayloadPath(key), ct);
    }

    /// <summary>Keys are base64url; anything else could escape the folder and is treated as unknown.</summary>
    private static bool IsWellFormed(string key) => key.Length == 43 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private JsonObject? ReadSlot(string key)
    {
        if (!IsWellFormed(key) || !File.Exists(SlotPath(key)))
        {
            return null;
        }
        try
        {
            var slot = JsonNode.Parse(File.ReadAllText(SlotPath(key))) as JsonObject;
            return slot is not null && slot["expires"]!.GetValue<long>() > time.GetUtcNow().ToUnixTimeSeconds() ? slot : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private void RemoveExpired()
    {
        var cutoff = time.GetUtcNow().UtcDateTime - Lifetime - TimeSpan.FromMinutes(5);
        foreach (var file in Directory.EnumerateFiles(Folder))
        {
            if (File.GetLastWriteTimeUtc(file) < cutoff)
            {
                File.Delete(file);
            }
        }
    }

    private string SlotPath(string key) => Path.Combine(Folder, key + ".slot.json");

    private string PayloadPath(string key) => Path.Combine(Folder, key + ".payload.json");
}

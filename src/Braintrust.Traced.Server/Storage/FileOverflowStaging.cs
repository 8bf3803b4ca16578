using System.Text.Json;
using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Hosting;

namespace Braintrust.Traced.Server.Storage;

/// <summary>Overflow slots and payloads as files under <c>&lt;data dir&gt;/overflow</c>: for a single server.</summary>
internal sealed class FileOverflowStaging(ServerOptions options) : IOverflowStaging
{
    private string Folder => Path.Combine(options.DataDir, "overflow");

    public async Task SaveSlotAsync(string key, OverflowSlot slot, CancellationToken ct)
    {
        Directory.CreateDirectory(Folder);
        var json = new JsonObject
        {
            ["org_id"] = slot.OrgId,
            ["size_bytes"] = slot.SizeBytes,
            ["expires"] = slot.Expires.ToUnixTimeSeconds(),
        };
        await File.WriteAllTextAsync(SlotPath(key), json.ToJsonString(), ct);
    }

    public async Task<OverflowSlot?> FindSlotAsync(string key, CancellationToken ct)
    {
        if (!File.Exists(SlotPath(key)))
        {
            return null;
        }
        try
        {
            return JsonNode.Parse(await File.ReadAllTextAsync(SlotPath(key), ct)) is JsonObject slot
                ? new OverflowSlot(slot["org_id"]!.GetValue<string>(), slot["size_bytes"]!.GetValue<long>(),
                    DateTimeOffset.FromUnixTimeSeconds(slot["expires"]!.GetValue<long>()))
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public async Task SavePayloadAsync(string key, Stream body, CancellationToken ct)
    {
        var partial = PayloadPath(key) + ".partial";
        await using (var file = File.Create(partial))
        {
            await body.CopyToAsync(file, ct);
        }
        // Rename last: a reader never sees half an upload.
        File.Move(partial, PayloadPath(key), overwrite: true);
    }

    public async Task<byte[]?> ReadPayloadAsync(string key, CancellationToken ct)
        => File.Exists(PayloadPath(key)) ? await File.ReadAllBytesAsync(PayloadPath(key), ct) : null;

    public Task RemoveExpiredAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        if (Directory.Exists(Folder))
        {
            // A file last written before the cutoff belongs to a slot that expired by then (slots live a fixed time).
            foreach (var file in Directory.EnumerateFiles(Folder))
            {
                if (File.GetLastWriteTimeUtc(file) < cutoff.UtcDateTime)
                {
                    File.Delete(file);
                }
            }
        }
        return Task.CompletedTask;
    }

    private string SlotPath(string key) => Path.Combine(Folder, key + ".slot.json");

    private string PayloadPath(string key) => Path.Combine(Folder, key + ".payload.json");
}

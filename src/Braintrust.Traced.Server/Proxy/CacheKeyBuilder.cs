using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Braintrust.Traced.Server.Proxy;

/// <summary>
/// The cache key: a SHA-256 over the org, the provider, the route, who pays (a fingerprint of a caller-supplied
/// provider key) and the request body in canonical form (object keys sorted, no whitespace), so two requests that
/// differ only in key order or formatting share an entry, and no org ever reads another org's entry.
/// </summary>
internal static class CacheKeyBuilder
{
    private const string Version = "v1";

    public static string Build(string orgId, string provider, string route, string? callerProviderKey, JsonObject body)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            writer.WriteStringValue(Version);
            writer.WriteStringValue(orgId);
            writer.WriteStringValue(provider);
            writer.WriteStringValue(route);
            if (callerProviderKey is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                writer.WriteStringValue(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(callerProviderKey))));
            }
            WriteCanonical(writer, body);
            writer.WriteEndArray();
        }
        return Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
    }

    private static void WriteCanonical(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (name, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(name);
                    WriteCanonical(writer, value);
                }
                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    WriteCanonical(writer, item);
                }
                writer.WriteEndArray();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }
}

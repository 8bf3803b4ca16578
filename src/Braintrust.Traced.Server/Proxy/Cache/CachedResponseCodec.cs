using System.Buffers.Binary;
using System.Text;

namespace Braintrust.Traced.Server.Proxy.Cache;

/// <summary>
/// The stored form of a cache entry: version byte, status (int32), absolute expiry (Unix ms, int64), content type
/// (length-prefixed UTF-8), then the body bytes as received. Carrying the expiry inside the value lets every backend
/// enforce the TTL the same way, even a database that purges expired rows only now and then.
/// </summary>
internal static class CachedResponseCodec
{
    private const byte Version = 1;

    public static byte[] Encode(CachedResponse response, DateTimeOffset expires)
    {
        var contentType = Encoding.UTF8.GetBytes(response.ContentType);
        var bytes = new byte[1 + 4 + 8 + 2 + contentType.Length + response.Body.Length];
        bytes[0] = Version;
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(1), response.Status);
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(5), expires.ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(13), checked((ushort)contentType.Length));
        contentType.CopyTo(bytes.AsSpan(15));
        response.Body.CopyTo(bytes.AsSpan(15 + contentType.Length));
        return bytes;
    }

    /// <summary>The entry, or null when it has expired or was written by an incompatible version.</summary>
    public static CachedResponse? Decode(byte[] bytes, DateTimeOffset now)
    {
        if (bytes.Length < 15 || bytes[0] != Version)
        {
            return null;
        }
        var expires = BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(5));
        if (expires <= now.ToUnixTimeMilliseconds())
        {
            return null;
        }
        var typeLength = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(13));
        if (15 + typeLength > bytes.Length)
        {
            return null;
        }
        return new CachedResponse(
            BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(1)),
            Encoding.UTF8.GetString(bytes, 15, typeLength),
            bytes[(15 + typeLength)..])
        {
            Expires = DateTimeOffset.FromUnixTimeMilliseconds(expires),
        };
    }
}

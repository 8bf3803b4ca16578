using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Braintrust.Traced.Server.Json;

namespace Braintrust.Traced.Server.Protocol;

/// <summary>The opaque fetch cursor: the insertion sequence of the last row returned, base64url-encoded.</summary>
internal static class FetchCursor
{
    public static string Encode(long beforeSeq)
        => Base64Url.EncodeToString(Encoding.ASCII.GetBytes("s:" + beforeSeq.ToString(CultureInfo.InvariantCulture)));

    public static long? Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }
        try
        {
            var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor));
            if (text.StartsWith("s:", StringComparison.Ordinal)
                && long.TryParse(text.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
            {
                return seq;
            }
        }
        catch (FormatException)
        {
            // Falls through to the error below.
        }
        throw new RowValidationException(null, "cursor", "is not a cursor returned by this server's fetch");
    }
}

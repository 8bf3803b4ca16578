using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Braintrust.Traced.Server.Json;
using Braintrust.Traced.Server.Storage;

namespace Braintrust.Traced.Server.Query;

/// <summary>Opaque keyset cursor for the trace list: the sort time and row id of the last trace on a page.</summary>
internal static class TraceListCursor
{
    public static string Encode(StoredSpan last)
        => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(last.SortTs.ToString("R", CultureInfo.InvariantCulture) + "|" + last.Id));

    public static TraceCursor? Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            if (bar > 0 && double.TryParse(text.AsSpan(0, bar), NumberStyles.Float, CultureInfo.InvariantCulture, out var sortTs))
            {
                return new TraceCursor(sortTs, text[(bar + 1)..]);
            }
        }
        catch (FormatException)
        {
            // Falls through to the error below.
        }
        throw new RowValidationException(null, "cursor", "is not a cursor returned by this server's trace list");
    }
}

using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Braintrust.Traced.Server.Json;
using Braintrust.Traced.Server.Storage;

namespace Braintrust.Traced.Server.Query;

/// <summary>
/// Opaque keyset cursor for the trace list. It records the sort and order it was made for, so a cursor replayed
/// under another sort is rejected instead of silently skipping or repeating traces.
/// Layout (base64url of UTF-8): <c>2|sort|order|seq|number|text</c>; text is last because a name may contain '|'.
/// </summary>
internal static class TraceListCursor
{
    private const string Version = "2";

    public static string Encode(TraceCursor position)
        => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Join('|',
            Version,
            TraceSortNames.Name(position.Sort),
            position.Descending ? "desc" : "asc",
            position.Seq.ToString(CultureInfo.InvariantCulture),
            position.Number.ToString("R", CultureInfo.InvariantCulture),
            position.Text ?? "")));

    /// <summary>The position encoded in <paramref name="cursor"/>, or null when there is none; a malformed cursor is a 400 naming <c>cursor</c>.</summary>
    public static TraceCursor? Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)).Split('|', 6);
            if (parts.Length == 6
                && parts[0] == Version
                && TraceSortNames.TryParse(parts[1], out var sort)
                && parts[2] is "desc" or "asc"
                && long.TryParse(parts[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var seq)
                && double.TryParse(parts[4], NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                return new TraceCursor(sort, parts[2] == "desc", number, sort == TraceSort.Name ? parts[5] : null, seq);
            }
        }
        catch (FormatException)
        {
            // Falls through to the error below.
        }
        throw new RowValidationException(null, "cursor", "is not a cursor returned by this server's trace list");
    }
}

using System.Text.Json;

namespace Braintrust.Traced.OpenAI;

/// <summary>Cuts JSON values out of a body as <see cref="RawJson"/>, so they reach the row as the client wrote them.</summary>
internal static class JsonSlices
{
    /// <summary>
    /// The value the reader is on (a scalar, or the start of an object or array, which it skips to the end of) as a
    /// slice of <paramref name="body"/>, the bytes the reader reads.
    /// </summary>
    public static RawJson Value(ref Utf8JsonReader reader, ReadOnlyMemory<byte> body)
    {
        var start = checked((int)reader.TokenStartIndex);
        reader.Skip();
        return new RawJson(body[start..checked((int)reader.BytesConsumed)]);
    }

    /// <summary>A slice that holds a JSON string, unescaped.</summary>
    public static string String(RawJson value)
    {
        var reader = new Utf8JsonReader(value.Utf8Json.Span);
        reader.Read();
        return reader.GetString()!;
    }
}

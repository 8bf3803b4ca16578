using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Braintrust.Traced.OpenAI;

/// <summary>Reads string tokens of a <see cref="Utf8JsonReader"/> straight into a builder, without a string per token.</summary>
internal static class JsonText
{
    private const int StackLimit = 256;

    /// <summary>Appends the current string token (unescaped) to <paramref name="builder"/>; does nothing for null.</summary>
    public static void AppendTo(ref Utf8JsonReader reader, StringBuilder builder)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            return;
        }

        // A UTF-8 string never has more UTF-16 chars than it has bytes (escapes only shrink when decoded).
        var maxChars = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        char[]? rented = null;
        // Sized to the token, not to the limit: a stackalloc is zeroed, and a streamed token is a few characters.
        var buffer = maxChars <= StackLimit ? stackalloc char[maxChars] : (rented = ArrayPool<char>.Shared.Rent(maxChars));
        try
        {
            var written = reader.CopyString(buffer);
            builder.Append(buffer[..written]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The current token as a string when it is one, else <see langword="null"/>.</summary>
    public static string? StringOrNull(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String ? reader.GetString() : null;

    /// <summary>Whether the current property name is <paramref name="name"/>, compared on the raw UTF-8 bytes.</summary>
    public static bool Is(ref Utf8JsonReader reader, ReadOnlySpan<byte> name) => reader.ValueTextEquals(name);
}

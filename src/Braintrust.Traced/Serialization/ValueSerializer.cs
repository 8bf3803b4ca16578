using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Braintrust.Traced.Serialization;

/// <summary>
/// Writes a user's value as JSON on the background shipper. It never throws: a value that cannot be serialized becomes
/// a <c>"[unserializable: ...]"</c> marker naming the reason, and a value over the field limit becomes a
/// <c>"[truncated: ...]"</c> marker followed by the start of its JSON.
/// </summary>
internal sealed class ValueSerializer
{
    private readonly JsonSerializerOptions _options;
    private readonly int _maxFieldBytes;

    // With the user's own serializer options, even primitives go through them (they may carry converters for dates or numbers).
    private readonly bool _primitivesDirect;
    private readonly Shipping.RowBuffer _scratch = new();
    private readonly Utf8JsonWriter _scratchWriter;

    /// <summary>Whether primitives (numbers, booleans) are written as they are, without the user's serializer options.</summary>
    public bool WritesPrimitivesDirectly => _primitivesDirect;

    public ValueSerializer(BraintrustOptions options)
    {
        _maxFieldBytes = options.MaxFieldBytes;
        _primitivesDirect = options.JsonSerializerOptions is null;
        var userOptions = options.JsonSerializerOptions;
        _options = userOptions is null
            ? new JsonSerializerOptions { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals }
            : new JsonSerializerOptions(userOptions);
        var resolvers = new List<IJsonTypeInfoResolver>();
        if (options.JsonTypeInfoResolver is { } resolver)
        {
            resolvers.Add(resolver);
        }

        if (userOptions?.TypeInfoResolver is { } optionsResolver)
        {
            resolvers.Add(optionsResolver);
        }

        resolvers.Add(BraintrustJsonContext.Default);
        if (JsonSerializer.IsReflectionEnabledByDefault)
        {
            AddReflectionFallback(resolvers, _options);
        }

        _options.TypeInfoResolver = JsonTypeInfoResolver.Combine([.. resolvers]);
        _options.MakeReadOnly();

        // Writing to a Utf8JsonWriter, the serializer takes escaping from the writer: carry the user's encoder over.
        _scratchWriter = new Utf8JsonWriter(_scratch, new JsonWriterOptions { Encoder = _options.Encoder, MaxDepth = _options.MaxDepth });
    }

    /// <summary>
    /// Writes <paramref name="value"/> as one JSON value. Never throws for a bad value: it writes a marker string instead.
    /// Not thread-safe: the shipper's single worker owns the instance (it reuses one scratch buffer).
    /// </summary>
    public void Write(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                return;
            case string text:
                WriteString(writer, text);
                return;
            case Exception exception:
                ExceptionJson.Write(writer, exception);
                return;
            case RawJson json:
                WriteRawJson(writer, json);
                return;
        }

        // The values traced methods pass most often are written directly, without a serializer round trip.
        if (_primitivesDirect && TryWritePrimitive(writer, value))
        {
            return;
        }

        var type = value.GetType();
        if (UnserializableTypes.Describe(type) is { } reason)
        {
            WriteMarker(writer, reason);
            return;
        }

        // Serialize into scratch first: a value that fails half-way must not leave half an object in the row.
        _scratch.Clear();
        _scratchWriter.Reset(_scratch);
        try
        {
            JsonSerializer.Serialize(_scratchWriter, value, _options.GetTypeInfo(type));
            _scratchWriter.Flush();
        }
        catch (Exception exception)
        {
            WriteMarker(writer, DescribeFailure(type, exception));
            return;
        }

        if (_scratch.Length > _maxFieldBytes)
        {
            WriteTruncated(writer, _scratch.WrittenSpan);
            return;
        }

        try
        {
            writer.WriteRawValue(_scratch.WrittenSpan, skipInputValidation: false);
        }
        catch (JsonException exception)
        {
            // A user converter can write text that is not one JSON value; report it rather than ship a broken row.
            WriteMarker(writer, DescribeFailure(type, exception));
        }
    }

    /// <summary>Already JSON: copied in as it is, after the writer checked it is one value (the caller's thread did not).</summary>
    private void WriteRawJson(Utf8JsonWriter writer, RawJson json)
    {
        var utf8 = json.Utf8Json.Span;
        if (utf8.Length > _maxFieldBytes)
        {
            WriteTruncated(writer, utf8);
            return;
        }

        try
        {
            writer.WriteRawValue(utf8, skipInputValidation: false);
        }
        catch (JsonException)
        {
            WriteMarker(writer, "the RawJson text is not one valid JSON value");
        }
    }

    private static bool TryWritePrimitive(Utf8JsonWriter writer, object value)
    {
        switch (value)
        {
            case bool flag:
                writer.WriteBooleanValue(flag);
                return true;
            case int number:
                writer.WriteNumberValue(number);
                return true;
            case long number:
                writer.WriteNumberValue(number);
                return true;
            case double number when double.IsFinite(number):
                writer.WriteNumberValue(number);
                return true;
            case float number when float.IsFinite(number):
                writer.WriteNumberValue(number);
                return true;
            case decimal number:
                writer.WriteNumberValue(number);
                return true;
            case Guid guid:
                writer.WriteStringValue(guid);
                return true;
            case DateTime time:
                writer.WriteStringValue(time);
                return true;
            case DateTimeOffset time:
                writer.WriteStringValue(time);
                return true;
            default:
                return false;
        }
    }

    private void WriteString(Utf8JsonWriter writer, string text)
    {
        // Most strings are far under the limit: only count UTF-8 bytes when the string could possibly exceed it.
        if ((long)text.Length * 3 <= _maxFieldBytes || Encoding.UTF8.GetByteCount(text) <= _maxFieldBytes)
        {
            writer.WriteStringValue(text);
            return;
        }

        WriteTruncated(writer, Encoding.UTF8.GetBytes(text));
    }

    private void WriteTruncated(Utf8JsonWriter writer, ReadOnlySpan<byte> utf8)
    {
        var header = $"[truncated: {utf8.Length} bytes exceed the {_maxFieldBytes}-byte field limit] ";
        var keep = Math.Max(0, _maxFieldBytes - Encoding.UTF8.GetByteCount(header));
        keep = Math.Min(keep, utf8.Length);
        // Never cut a multi-byte character in half: back up to the start of the character at the cut.
        while (keep > 0 && keep < utf8.Length && (utf8[keep] & 0xC0) == 0x80)
        {
            keep--;
        }

        writer.WriteStringValue(header + Encoding.UTF8.GetString(utf8[..keep]));
    }

    private static void WriteMarker(Utf8JsonWriter writer, string reason) =>
        writer.WriteStringValue(UnserializableTypes.Marker(reason));

    private static string DescribeFailure(Type type, Exception exception)
    {
        var message = exception.Message;
        if (exception is JsonException && message.Contains("cycle", StringComparison.OrdinalIgnoreCase))
        {
            return $"{type.FullName} contains an object cycle";
        }

        if (exception is NotSupportedException && message.Contains("metadata", StringComparison.OrdinalIgnoreCase))
        {
            return $"no JSON contract for {type.FullName}; add it to BraintrustOptions.JsonTypeInfoResolver";
        }

        var inner = exception.InnerException is { } cause ? $" ({cause.GetType().Name}: {cause.Message})" : string.Empty;
        return $"{type.FullName}: {exception.GetType().Name}: {message}{inner}";
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Only called when JsonSerializer.IsReflectionEnabledByDefault, i.e. reflection-based serialization is enabled for this app; trimmed/AOT apps get no fallback and must supply a resolver.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Only called when JsonSerializer.IsReflectionEnabledByDefault, which is false under native AOT.")]
    private static void AddReflectionFallback(List<IJsonTypeInfoResolver> resolvers, JsonSerializerOptions options)
    {
        resolvers.Add(new DefaultJsonTypeInfoResolver());
        // Nested streams, delegates and exceptions inside a user's object become markers instead of failing the whole value.
        options.Converters.Add(new UnserializableValueConverterFactory());
    }
}

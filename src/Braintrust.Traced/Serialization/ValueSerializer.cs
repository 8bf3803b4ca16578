using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Braintrust.Traced.Serialization;

/// <summary>
/// Turns a user's value into JSON on the background shipper. It never throws: a value that cannot be serialized becomes
/// a <c>"[unserializable: ...]"</c> marker naming the reason, and a value over the field limit becomes a
/// <c>"[truncated: ...]"</c> marker followed by the start of its JSON.
/// </summary>
internal sealed class ValueSerializer
{
    private readonly JsonSerializerOptions _options;
    private readonly int _maxFieldBytes;

    // With the user's own serializer options, even primitives go through them (they may carry converters for dates or numbers).
    private readonly bool _primitivesDirect;

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
    }

    /// <summary>Serializes <paramref name="value"/>; <paramref name="bytes"/> is its size in UTF-8 JSON.</summary>
    public JsonNode? ToNode(object? value, out int bytes)
    {
        bytes = 0;
        switch (value)
        {
            case null:
                return null;
            case string text:
                return FromString(text, out bytes);
            case Exception exception:
                var node = ExceptionJson.ToNode(exception);
                bytes = 256;
                return node;
        }

        // The values traced methods pass most often become JSON values directly, without a serializer round trip.
        if (_primitivesDirect && Primitive(value) is { } primitive)
        {
            bytes = 24;
            return primitive;
        }

        if (UnserializableTypes.Describe(value.GetType()) is { } reason)
        {
            return Marker(reason, out bytes);
        }

        byte[] utf8;
        try
        {
            var typeInfo = _options.GetTypeInfo(value.GetType());
            utf8 = JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
        }
        catch (Exception exception)
        {
            return Marker(DescribeFailure(value.GetType(), exception), out bytes);
        }

        bytes = utf8.Length;
        if (utf8.Length > _maxFieldBytes)
        {
            return Truncated(utf8, utf8.Length, out bytes);
        }

        try
        {
            return JsonNode.Parse(utf8);
        }
        catch (JsonException exception)
        {
            // A user converter can write text that is not one JSON value; report it rather than ship a broken row.
            return Marker(DescribeFailure(value.GetType(), exception), out bytes);
        }
    }

    private static JsonValue? Primitive(object value) => value switch
    {
        bool flag => JsonValue.Create(flag),
        int number => JsonValue.Create(number),
        long number => JsonValue.Create(number),
        double number when double.IsFinite(number) => JsonValue.Create(number),
        float number when float.IsFinite(number) => JsonValue.Create(number),
        decimal number => JsonValue.Create(number),
        Guid guid => JsonValue.Create(guid),
        DateTime time => JsonValue.Create(time),
        DateTimeOffset time => JsonValue.Create(time),
        _ => null,
    };

    private JsonNode FromString(string text, out int bytes)
    {
        // Most strings are far under the limit: only count UTF-8 bytes when the string could possibly exceed it.
        if ((long)text.Length * 3 <= _maxFieldBytes)
        {
            bytes = text.Length + 2;
            return JsonValue.Create(text);
        }

        var utf8 = Encoding.UTF8.GetBytes(text);
        bytes = utf8.Length + 2;
        return utf8.Length > _maxFieldBytes ? Truncated(utf8, utf8.Length, out bytes) : JsonValue.Create(text);
    }

    private JsonNode Truncated(byte[] utf8, int originalBytes, out int bytes)
    {
        var header = $"[truncated: {originalBytes} bytes exceed the {_maxFieldBytes}-byte field limit] ";
        var keep = Math.Max(0, _maxFieldBytes - Encoding.UTF8.GetByteCount(header));
        keep = Math.Min(keep, utf8.Length);
        // Never cut a multi-byte character in half: back up to the start of the character at the cut.
        while (keep > 0 && keep < utf8.Length && (utf8[keep] & 0xC0) == 0x80)
        {
            keep--;
        }

        var text = header + Encoding.UTF8.GetString(utf8, 0, keep);
        bytes = Encoding.UTF8.GetByteCount(text) + 2;
        return JsonValue.Create(text);
    }

    private static JsonNode Marker(string reason, out int bytes)
    {
        var text = UnserializableTypes.Marker(reason);
        bytes = text.Length + 2;
        return JsonValue.Create(text);
    }

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

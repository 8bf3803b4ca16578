using System.Buffers;
using System.Reflection;
using System.Text.Json;
using Braintrust.Traced.Runtime;
using Braintrust.Traced.Serialization;

namespace Braintrust.Traced.Shipping;

/// <summary>
/// Writes wire rows straight to UTF-8 on the background shipper, allocating nothing per row. One instance per shipper;
/// not thread-safe.
/// </summary>
/// <remarks>
/// Two ways to write: the <see cref="Json"/> writer for rows that are mostly variable (feedback, merge rows), and the
/// <c>Raw*</c> methods for span rows, which are a fixed skeleton of names and punctuation around a few values: the
/// skeleton is appended as bytes and the JSON writer is used only for each value. Skipping the writer's per-token
/// bookkeeping for the skeleton halves the worker's cost per row, which decides whether it keeps up with busy callers.
/// </remarks>
internal sealed class RowWriter
{
    private static readonly string s_sdkVersion =
        typeof(RowWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    // The context of a span that is not a [Traced] method never changes: written once, copied into every such row.
    private static readonly byte[] s_plainContext = BuildContext(method: null);

    private readonly ValueSerializer _serializer;
    private readonly JsonEncodedText? _projectId;
    private readonly byte[] _rawDestination;
    private readonly Utf8JsonWriter _json;
    private RowBuffer _output = new(0);

    public RowWriter(ValueSerializer serializer, string? projectId)
    {
        _serializer = serializer;
        _projectId = projectId is null ? null : JsonEncodedText.Encode(projectId);
        _rawDestination = BuildDestination(_projectId);
        _json = new Utf8JsonWriter(Stream.Null);
    }

    /// <summary>The JSON writer of the current row.</summary>
    public Utf8JsonWriter Json => _json;

    /// <summary>Points the writer at <paramref name="output"/> for the next row, clearing any state a failed row left.</summary>
    public void StartRow(RowBuffer output)
    {
        _output = output;
        _json.Reset(output);
    }

    /// <summary>Makes sure everything the JSON writer wrote has reached the output.</summary>
    public void EndRow() => _json.Flush();

    /// <summary><c>project_id</c> (when configured; the HTTP exporter adds the registered one otherwise) and <c>log_id</c>.</summary>
    public void WriteDestination()
    {
        if (_projectId is { } projectId)
        {
            _json.WriteString(EncodedFieldNames.ProjectId, projectId);
        }

        _json.WriteString(EncodedFieldNames.LogId, EncodedFieldNames.ProjectLogId);
    }

    /// <summary>A UTC time as the official SDKs send <c>created</c>: ISO 8601 with milliseconds.</summary>
    public void WriteTimestamp(JsonEncodedText name, long utcTicks)
    {
        Span<byte> text = stackalloc byte[24];
        _json.WriteString(name, text[..Utf8Formatting.WriteIsoTimestamp(utcTicks, text)]);
    }

    public void WriteValue(JsonEncodedText name, object? value)
    {
        _json.WritePropertyName(name);
        _serializer.Write(_json, value);
    }

    public void WriteMetadata(JsonEncodedText name, IEnumerable<KeyValuePair<string, object?>>? metadata)
    {
        _json.WritePropertyName(name);
        WriteMetadataObject(metadata);
    }

    public void WriteScores(IEnumerable<KeyValuePair<string, double?>> scores)
    {
        _json.WritePropertyName(EncodedFieldNames.Scores);
        WriteScoresObject(scores);
    }

    public void WriteMetrics(IEnumerable<KeyValuePair<string, double>> metrics)
    {
        _json.WriteStartObject(EncodedFieldNames.Metrics);
        WriteFinite(metrics);
        _json.WriteEndObject();
    }

    public void WriteTags(IEnumerable<string> tags)
    {
        _json.WritePropertyName(EncodedFieldNames.Tags);
        WriteTagsArray(tags);
    }

    /// <summary>Appends JSON text as it is (names, punctuation); the caller is responsible for it being valid.</summary>
    public void Raw(ReadOnlySpan<byte> utf8) => _output.Write(utf8);

    /// <summary>Appends <c>,"project_id":"…","log_id":"g"</c> (the project only when configured).</summary>
    public void RawDestination() => _output.Write(_rawDestination);

    /// <summary>Appends 16 hex digits (no quotes).</summary>
    public void RawHex(ulong id) => Utf8Formatting.WriteHex(id, Take(16));

    /// <summary>Appends 32 hex digits (no quotes).</summary>
    public void RawHex(UInt128 id) => Utf8Formatting.WriteHex(id, Take(32));

    /// <summary>Appends the ISO timestamp of <c>created</c> (no quotes).</summary>
    public void RawTimestamp(long utcTicks)
    {
        var written = Utf8Formatting.WriteIsoTimestamp(utcTicks, _output.GetSpan(32));
        _output.Advance(written);
    }

    /// <summary>Appends Unix seconds as a JSON number.</summary>
    public void RawUnixSeconds(long utcTicks)
    {
        var written = Utf8Formatting.WriteUnixSeconds(utcTicks, _output.GetSpan(32));
        _output.Advance(written);
    }

    /// <summary>Appends <paramref name="text"/> as a quoted, escaped JSON string.</summary>
    public void RawString(string text)
    {
        _json.Reset(_output);
        _json.WriteStringValue(text);
        _json.Flush();
    }

    /// <summary>Appends a user value as JSON (through <see cref="ValueSerializer"/>: never throws for a bad value).</summary>
    public void RawValue(object? value)
    {
        _json.Reset(_output);
        _serializer.Write(_json, value);
        _json.Flush();
    }

    /// <summary>Appends <c>,"name":value</c> (no comma for the first) for one argument kept as its own type.</summary>
    public void RawArgument<T>(byte[][] names, int index, T value)
    {
        if (index >= names.Length)
        {
            return;
        }

        if (index > 0)
        {
            _output.Write(","u8);
        }

        _output.Write(names[index]);
        RawPrimitive(value);
    }

    /// <summary>
    /// Appends a value kept as its own type: ints, longs and booleans are formatted straight into the row (unless the
    /// user's serializer options must see them); anything else goes through <see cref="RawValue"/>.
    /// </summary>
    public void RawPrimitive<T>(T value)
    {
        if (_serializer.WritesPrimitivesDirectly)
        {
            // Each check is a constant for a value-type T: the JIT keeps only the matching branch, with no boxing.
            if (typeof(T) == typeof(int))
            {
                _output.Advance(Utf8Formatting.WriteInteger((int)(object)value!, _output.GetSpan(11)));
                return;
            }

            if (typeof(T) == typeof(long))
            {
                _output.Advance(Utf8Formatting.WriteInteger((long)(object)value!, _output.GetSpan(20)));
                return;
            }

            if (typeof(T) == typeof(bool))
            {
                _output.Write((bool)(object)value! ? "true"u8 : "false"u8);
                return;
            }
        }

        RawValue(value);
    }

    /// <summary>Appends an object of <paramref name="values"/> whose names (<c>"name":</c>, encoded) come from a traced method.</summary>
    public void RawNamedValues(byte[][] names, object?[] values)
    {
        _output.Write("{"u8);
        var count = Math.Min(names.Length, values.Length);
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                _output.Write(","u8);
            }

            _output.Write(names[i]);
            RawValue(values[i]);
        }

        _output.Write("}"u8);
    }

    public void RawMetadata(IEnumerable<KeyValuePair<string, object?>> metadata)
    {
        _json.Reset(_output);
        WriteMetadataObject(metadata);
        _json.Flush();
    }

    public void RawScores(IEnumerable<KeyValuePair<string, double?>> scores)
    {
        _json.Reset(_output);
        WriteScoresObject(scores);
        _json.Flush();
    }

    public void RawTags(IEnumerable<string> tags)
    {
        _json.Reset(_output);
        WriteTagsArray(tags);
        _json.Flush();
    }

    /// <summary>Appends the members of <paramref name="metrics"/> that are numbers, each preceded by a comma.</summary>
    public void RawExtraMetrics(IEnumerable<KeyValuePair<string, double>> metrics)
    {
        foreach (var (name, value) in metrics)
        {
            if (double.IsFinite(value))
            {
                _output.Write(","u8);
                RawString(name);
                _output.Write(":"u8);
                _json.Reset(_output);
                _json.WriteNumberValue(value);
                _json.Flush();
            }
        }
    }

    /// <summary>Appends the <c>span_attributes</c> object.</summary>
    public void RawSpanAttributes(string name, SpanType type, TracedMethod? method)
    {
        if (method is not null && ReferenceEquals(method.SpanName, name) && method.SpanType == type)
        {
            _output.Write(method.SpanAttributesJson ??= BuildSpanAttributes(name, type));
            return;
        }

        _json.Reset(_output);
        WriteSpanAttributesObject(_json, name, type);
        _json.Flush();
    }

    /// <summary>Appends the <c>context</c> object (source location and SDK), built once per traced method.</summary>
    public void RawContext(TracedMethod? method) =>
        _output.Write(method is null ? s_plainContext : method.ContextJson ??= BuildContext(method));

    /// <summary>Each name as <c>"name":</c>, escaped: the property prefixes <see cref="RawNamedValues"/> takes.</summary>
    public static byte[][] PropertyPrefixes(IReadOnlyList<string> names)
    {
        var prefixes = new byte[names.Count][];
        for (var i = 0; i < prefixes.Length; i++)
        {
            var encoded = JsonEncodedText.Encode(names[i]).EncodedUtf8Bytes;
            prefixes[i] = [(byte)'"', .. encoded, (byte)'"', (byte)':'];
        }

        return prefixes;
    }

    private Span<byte> Take(int length)
    {
        var span = _output.GetSpan(length)[..length];
        _output.Advance(length);
        return span;
    }

    private void WriteMetadataObject(IEnumerable<KeyValuePair<string, object?>>? metadata)
    {
        _json.WriteStartObject();
        if (metadata is not null)
        {
            foreach (var (key, value) in metadata)
            {
                _json.WritePropertyName(key);
                _serializer.Write(_json, value);
            }
        }

        _json.WriteEndObject();
    }

    private void WriteScoresObject(IEnumerable<KeyValuePair<string, double?>> scores)
    {
        _json.WriteStartObject();
        foreach (var (name, value) in scores)
        {
            if (value is { } number && double.IsFinite(number))
            {
                _json.WriteNumber(name, number);
            }
            else
            {
                _json.WriteNull(name);
            }
        }

        _json.WriteEndObject();
    }

    private void WriteTagsArray(IEnumerable<string> tags)
    {
        _json.WriteStartArray();
        foreach (var tag in tags)
        {
            if (tag is not null)
            {
                _json.WriteStringValue(tag);
            }
        }

        _json.WriteEndArray();
    }

    private void WriteFinite(IEnumerable<KeyValuePair<string, double>> metrics)
    {
        foreach (var (name, value) in metrics)
        {
            // NaN and infinities are not JSON numbers; a metric that is not a number is left out rather than break the row.
            if (double.IsFinite(value))
            {
                _json.WriteNumber(name, value);
            }
        }
    }

    private static void WriteSpanAttributesObject(Utf8JsonWriter json, string name, SpanType type)
    {
        json.WriteStartObject();
        json.WriteString(EncodedFieldNames.Name, name);
        json.WriteString(EncodedFieldNames.Type, SpanTypeNames.ToWire(type));
        json.WriteEndObject();
    }

    private static byte[] BuildDestination(JsonEncodedText? projectId)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        if (projectId is { } id)
        {
            buffer.Write(",\"project_id\":\""u8);
            buffer.Write(id.EncodedUtf8Bytes);
            buffer.Write("\""u8);
        }

        buffer.Write(",\"log_id\":\"g\""u8);
        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] BuildSpanAttributes(string name, SpanType type)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var json = new Utf8JsonWriter(buffer))
        {
            WriteSpanAttributesObject(json, name, type);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] BuildContext(TracedMethod? method)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (method is not null)
            {
                json.WriteString("caller_functionname", method.FunctionName);
                json.WriteString("caller_filename", method.FileName);
                json.WriteNumber("caller_lineno", method.LineNumber);
            }

            json.WriteStartObject("span_origin");
            json.WriteString(EncodedFieldNames.Name, RowFieldNames.SpanOriginName);
            json.WriteString("version", s_sdkVersion);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}

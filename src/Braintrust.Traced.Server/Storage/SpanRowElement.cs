using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Json;

namespace Braintrust.Traced.Server.Storage;

/// <summary>
/// A span row read in place from the request's parsed body (<see cref="JsonElement"/>), producing exactly what the
/// DOM path (<see cref="SpanDocument.Serialize"/>, <see cref="SpanColumns.From(JsonObject, string?)"/>) produces for
/// the same row, without building a <see cref="JsonObject"/> per row and per nested object. Callers guarantee the
/// row's own property names are unescaped and distinct (the parser checks them), so raw names compare as names.
/// </summary>
internal static class SpanRowElement
{
    /// <summary>The row's user fields as a DOM: what <see cref="RowWrite.Data"/> holds for a row parsed as a DOM.</summary>
    public static JsonObject UserFields(JsonElement row)
    {
        var data = new JsonObject();
        foreach (var property in row.EnumerateObject())
        {
            if (!RowControlFields.Contains(JsonMarshal.GetRawUtf8PropertyName(property)))
            {
                data[property.Name] = JsonElementNodes.ToNode(property.Value);
            }
        }
        return data;
    }

    /// <summary>
    /// The row as stored when its id is new (see <see cref="PreparedSpan.ForNewRow"/>); null when its fields cannot be read
    /// in place (an escaped or repeated key, which LogRowElementParser hands to the DOM path before a row gets here).
    /// </summary>
    public static PreparedSpan? TryPrepare(JsonElement row, RowWrite identity)
    {
        if (!SpanRowFields.TryRead(row, out var fields))
        {
            return null;
        }
        var searchText = SearchText(fields);
        var created = SpanRowFields.Present(fields.Created) is null ? SpanDocument.NewCreated() : null;
        return new PreparedSpan(Serialize(row, identity, created), Columns(fields, created, searchText), IsPartial: identity.Kind == RowWriteKind.Merge);
    }

    /// <summary>Per-thread buffers above this size are dropped after use instead of being kept for the next row.</summary>
    private const int MaxKeptBufferBytes = 256 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>The same bytes as <see cref="SpanDocument.Serialize"/> writes for the row's user fields.</summary>
    private static string Serialize(JsonElement row, RowWrite identity, string? created)
    {
        // One buffer and writer per thread: the document is turned into its string before anything else runs here.
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        writer.WriteStartObject();
        foreach (var property in row.EnumerateObject())
        {
            var name = JsonMarshal.GetRawUtf8PropertyName(property);
            if (RowControlFields.Contains(name))
            {
                continue; // the row's identity is written below, as SpanDocument.Normalize overwrites it
            }
            if (created is not null && name.SequenceEqual("created"u8))
            {
                // A "created": null of the row is replaced where it stands.
                writer.WritePropertyName(name);
                writer.WriteStringValue(created);
                created = null;
                continue;
            }
            var value = JsonMarshal.GetRawUtf8Value(property.Value);
            writer.WritePropertyName(name);
            if (IsWrittenAsIs(value))
            {
                writer.WriteRawValue(value, skipInputValidation: true);
            }
            else
            {
                property.Value.WriteTo(writer);
            }
        }
        writer.WriteString("id"u8, identity.Id);
        writer.WriteString("project_id"u8, identity.ProjectId);
        writer.WriteString("log_id"u8, identity.LogId);
        if (created is not null)
        {
            writer.WriteString("created"u8, created);
        }
        writer.WriteEndObject();
        writer.Flush();
        var json = Encoding.UTF8.GetString(buffer.WrittenSpan);
        if (buffer.Capacity > MaxKeptBufferBytes)
        {
            // A rare huge row must not leave its buffer behind on every thread that once wrote one.
            t_buffer = null;
            t_writer = null;
        }
        return json;
    }

    /// <summary>
    /// Bytes outside this set are written differently than sent: escapes, controls and non-ASCII are re-escaped by the
    /// writer's default encoder, which also escapes the HTML-sensitive characters.
    /// </summary>
    private static readonly SearchValues<byte> RewrittenBytes = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(b => (byte)b), .. Enumerable.Range(0x7F, 0x81).Select(b => (byte)b),
         (byte)'\\', (byte)'<', (byte)'>', (byte)'&', (byte)'\'', (byte)'+', (byte)'`']);

    /// <summary>
    /// Whether the writer would write this raw JSON value byte for byte as it stands (the common compact body), so
    /// it can be copied instead of being re-read token by token: no byte the writer escapes and no space between tokens.
    /// </summary>
    private static bool IsWrittenAsIs(ReadOnlySpan<byte> value)
    {
        if (value.IndexOfAny(RewrittenBytes) >= 0)
        {
            return false;
        }
        // Spaces inside strings stay; a space between tokens is dropped by the writer. With no backslash in the
        // value, every quote opens or closes a string, so the scan jumps from quote to quote.
        var rest = value;
        while (true)
        {
            var next = rest.IndexOfAny((byte)'"', (byte)' ');
            if (next < 0)
            {
                return true;
            }
            if (rest[next] == (byte)' ')
            {
                return false;
            }
            rest = rest[(next + 1)..];
            var closing = rest.IndexOf((byte)'"');
            if (closing < 0)
            {
                return true;
            }
            rest = rest[(closing + 1)..];
        }
    }

    private static SpanColumns Columns(in SpanRowFields row, string? created, string searchText)
    {
        var parents = row.SpanParents;
        var parent = parents.ValueKind == JsonValueKind.Array && parents.GetArrayLength() > 0 ? StringOf(parents[0]) : null;
        var attributes = row.SpanAttributes;
        var metrics = row.Metrics;
        var error = row.Error;
        return SpanColumns.Build(
            spanId: StringOf(row.SpanId),
            rootSpanId: StringOf(row.RootSpanId),
            parent,
            name: StringAt(attributes, "name"u8),
            type: StringAt(attributes, "type"u8),
            start: NumberAt(metrics, "start"u8),
            end: NumberAt(metrics, "end"u8),
            prompt: NumberAt(metrics, "prompt_tokens"u8),
            completion: NumberAt(metrics, "completion_tokens"u8),
            tokens: NumberAt(metrics, "tokens"u8),
            created: StringOf(row.Created) ?? created,
            hasError: SpanRowFields.Present(error) is not null && !(error.ValueKind == JsonValueKind.String && error.ValueEquals(""u8)),
            searchText);
    }

    private static string? StringOf(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? StringAt(JsonElement obj, ReadOnlySpan<byte> name)
        => obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) ? StringOf(value) : null;

    /// <summary>As the DOM path reads a parsed number (JsonValue.TryGetValue over the element), in the same order.</summary>
    private static double? NumberAt(JsonElement obj, ReadOnlySpan<byte> name)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Number)
        {
            return null;
        }
        if (value.TryGetDouble(out var d))
        {
            return d;
        }
        return value.TryGetInt64(out var l) ? l : value.TryGetInt32(out var i) ? i : (double)value.GetDecimal();
    }

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_text;

    /// <summary>
    /// The text of <see cref="SpanColumns"/>' search builder, built as UTF-8 straight from the element's bytes (string
    /// values and keys without escapes are copied as they are). Keys are written raw: a row reaches this path only when
    /// LogRowElementParser found no escaped or repeated key anywhere in it (<see cref="AllNamesPlainAndDistinct"/>).
    /// </summary>
    private static string SearchText(in SpanRowFields row)
    {
        var text = t_text ??= new ArrayBufferWriter<byte>(4096);
        text.ResetWrittenCount();
        // SpanColumns' searched fields, in its order.
        foreach (var value in (ReadOnlySpan<JsonElement>)[row.SpanAttributes, row.Input, row.Output, row.Expected, row.Error, row.Metadata, row.Tags])
        {
            if (value.ValueKind != JsonValueKind.Undefined)
            {
                AppendTokens(value, text);
            }
        }
        var searchText = Encoding.UTF8.GetString(text.WrittenSpan);
        if (text.Capacity > MaxKeptBufferBytes)
        {
            t_text = null;
        }
        return searchText;
    }

    private static void AppendTokens(JsonElement element, ArrayBufferWriter<byte> text)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    text.Write(JsonMarshal.GetRawUtf8PropertyName(property));
                    text.Write(" "u8);
                    AppendTokens(property.Value, text);
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    AppendTokens(item, text);
                }
                break;
            case JsonValueKind.String:
                var raw = JsonMarshal.GetRawUtf8Value(element);
                raw = raw[1..^1]; // without the quotes
                if (raw.IndexOf((byte)'\\') < 0)
                {
                    text.Write(raw);
                }
                else
                {
                    var unescaped = element.GetString()!;
                    Encoding.UTF8.GetBytes(unescaped, text);
                }
                text.Write(" "u8);
                break;
            case JsonValueKind.Null:
                break; // a JSON null adds nothing, as a null node adds nothing
            default:
                // Numbers as written, true and false: what JsonValue.ToJsonString gives for them.
                text.Write(JsonMarshal.GetRawUtf8Value(element));
                text.Write(" "u8);
                break;
        }
    }

    /// <summary>
    /// Whether every object at any depth under <paramref name="value"/> has plain, distinct keys
    /// (<see cref="HasPlainDistinctNames"/>). A row with a repeated key anywhere must not be stored as sent: reading it
    /// back into a DOM would fail on every later read of the span.
    /// </summary>
    public static bool AllNamesPlainAndDistinct(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                if (!HasPlainDistinctNames(value))
                {
                    return false;
                }
                foreach (var property in value.EnumerateObject())
                {
                    if (property.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array && !AllNamesPlainAndDistinct(property.Value))
                    {
                        return false;
                    }
                }
                return true;
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                {
                    if (item.ValueKind is JsonValueKind.Object or JsonValueKind.Array && !AllNamesPlainAndDistinct(item))
                    {
                        return false;
                    }
                }
                return true;
            default:
                return true;
        }
    }

    /// <summary>
    /// Whether the object's keys are all unescaped and distinct, so that raw keys are the keys and a DOM of it
    /// would not reject it (a JsonObject throws on a repeated key when it is first read).
    /// </summary>
    public static bool HasPlainDistinctNames(JsonElement obj)
    {
        var count = 0;
        foreach (var property in obj.EnumerateObject())
        {
            var name = JsonMarshal.GetRawUtf8PropertyName(property);
            if (name.IndexOf((byte)'\\') >= 0)
            {
                return false;
            }
            count++;
        }
        if (count < 2)
        {
            return true;
        }
        if (count > 16)
        {
            // Wide objects: a set, instead of comparing every pair.
            var seen = new HashSet<string>(count, StringComparer.Ordinal);
            foreach (var property in obj.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                {
                    return false;
                }
            }
            return true;
        }
        var outer = obj.EnumerateObject();
        var index = 0;
        while (outer.MoveNext())
        {
            var name = JsonMarshal.GetRawUtf8PropertyName(outer.Current);
            var inner = obj.EnumerateObject();
            for (var j = 0; j <= index && inner.MoveNext(); j++)
            {
                if (j < index && JsonMarshal.GetRawUtf8PropertyName(inner.Current).SequenceEqual(name))
                {
                    return false;
                }
            }
            index++;
        }
        return true;
    }
}

using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Braintrust.Traced;

/// <summary>
/// The span a <see cref="Span.Export"/> string points at, in the official SDKs' <c>SpanComponents</c> encoding, so a
/// span exported by a Python or TypeScript service can parent a .NET span and the other way round.
/// </summary>
/// <remarks>
/// Layout (base64 of): byte 0 = encoding version (4; version 3 is also read), byte 1 = object type (2 = project logs),
/// byte 2 = number of binary id entries, then each entry as a field byte and the id's bytes, then a UTF-8 JSON object
/// with the remaining fields. Version 4 stores a 16-hex-digit <c>span_id</c> (field 3) as 8 bytes and a 32-hex-digit
/// <c>root_span_id</c> (field 4) as 16 bytes; version 3 stores UUID-shaped ids (fields 1–4) as 16 bytes. The JSON holds
/// <c>object_id</c> (the project id) or <c>compute_object_metadata_args.project_name</c>, <c>row_id</c>, and any id that
/// did not fit the binary form.
/// </remarks>
internal sealed record ParentReference(string? ProjectName, string? ProjectId, string RowId, string SpanId, string RootSpanId)
{
    private const byte EncodingVersion = 4;
    private const byte OldestReadableVersion = 3;
    private const byte ProjectLogsObjectType = 2;
    private const byte ObjectIdField = 1;
    private const byte RowIdField = 2;
    private const byte SpanIdField = 3;
    private const byte RootSpanIdField = 4;
    private const int MaxLength = 8192;
    private const int MaxIdLength = 128;

    public string Export()
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        var binary = new List<(byte Field, byte[] Bytes)>(2);
        var spanBytes = TryHex(SpanId, 8);
        var rootBytes = TryHex(RootSpanId, 16);
        if (spanBytes is not null)
        {
            binary.Add((SpanIdField, spanBytes));
        }

        if (rootBytes is not null)
        {
            binary.Add((RootSpanIdField, rootBytes));
        }

        buffer.Write([EncodingVersion, ProjectLogsObjectType, (byte)binary.Count]);
        foreach (var (field, bytes) in binary)
        {
            buffer.Write([field]);
            buffer.Write(bytes);
        }

        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (ProjectId is null)
            {
                json.WriteStartObject("compute_object_metadata_args");
                json.WriteString("project_name", ProjectName);
                json.WriteEndObject();
            }
            else
            {
                json.WriteString("object_id", ProjectId);
            }

            json.WriteString("row_id", RowId);
            if (spanBytes is null)
            {
                json.WriteString("span_id", SpanId);
            }

            if (rootBytes is null)
            {
                json.WriteString("root_span_id", RootSpanId);
            }

            json.WriteEndObject();
        }

        return Convert.ToBase64String(buffer.WrittenSpan);
    }

    /// <exception cref="ArgumentException"><paramref name="exported"/> is not a span exported by this or an official Braintrust SDK.</exception>
    public static ParentReference Parse(string exported, string paramName)
    {
        ArgumentNullException.ThrowIfNull(exported, paramName);
        var bytes = DecodeBase64(exported) ?? throw Invalid(paramName, "it is not base64");
        if (bytes.Length < 3)
        {
            throw Invalid(paramName, "it is too short");
        }

        var version = bytes[0];
        if (version is < OldestReadableVersion or > EncodingVersion)
        {
            throw Invalid(paramName, $"encoding version {version} is not supported (this SDK reads versions {OldestReadableVersion} and {EncodingVersion})");
        }

        if (bytes[1] != ProjectLogsObjectType)
        {
            throw Invalid(paramName, $"it points into {(bytes[1] == 1 ? "an experiment" : $"object type {bytes[1]}")}; only spans of project logs can be parents here");
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var offset = 3;
        for (var i = 0; i < bytes[2]; i++)
        {
            if (offset >= bytes.Length)
            {
                throw Invalid(paramName, "its binary ids are cut short");
            }

            var field = bytes[offset];
            var length = version == EncodingVersion && field == SpanIdField ? 8 : 16;
            if (field is < ObjectIdField or > RootSpanIdField)
            {
                throw Invalid(paramName, $"its binary ids hold an unknown field {field}");
            }

            if (offset + 1 + length > bytes.Length)
            {
                throw Invalid(paramName, "its binary ids are cut short");
            }

            var value = bytes.AsSpan(offset + 1, length);
            fields[FieldName(field)] = version == EncodingVersion
                ? Convert.ToHexStringLower(value)
                : new Guid(value, bigEndian: true).ToString("D", CultureInfo.InvariantCulture);
            offset += 1 + length;
        }

        string? projectName = null;
        if (offset < bytes.Length)
        {
            try
            {
                using var json = JsonDocument.Parse(bytes.AsMemory(offset));
                if (json.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw Invalid(paramName, "its JSON part is not an object");
                }

                foreach (var property in json.RootElement.EnumerateObject())
                {
                    if (property.Value.ValueKind == JsonValueKind.String && property.Name is "object_id" or "row_id" or "span_id" or "root_span_id")
                    {
                        fields[property.Name] = property.Value.GetString()!;
                    }
                    else if (property.Name == "compute_object_metadata_args" && property.Value.ValueKind == JsonValueKind.Object
                        && property.Value.TryGetProperty("project_name", out var name) && name.ValueKind == JsonValueKind.String)
                    {
                        projectName = name.GetString();
                    }
                }
            }
            catch (JsonException)
            {
                throw Invalid(paramName, "its JSON part is malformed");
            }
        }

        var spanId = fields.GetValueOrDefault("span_id");
        var rootSpanId = fields.GetValueOrDefault("root_span_id");
        if (!IsValidId(spanId) || !IsValidId(rootSpanId))
        {
            throw Invalid(paramName, "it names no span (span_id and root_span_id are missing or malformed)");
        }

        return new ParentReference(projectName, fields.GetValueOrDefault("object_id"), fields.GetValueOrDefault("row_id") ?? spanId!, spanId!, rootSpanId!);
    }

    private static string FieldName(byte field) => field switch
    {
        ObjectIdField => "object_id",
        RowIdField => "row_id",
        SpanIdField => "span_id",
        _ => "root_span_id",
    };

    private static byte[]? DecodeBase64(string text)
    {
        if (text.Length is 0 or > MaxLength)
        {
            return null;
        }

        // Accept the URL-safe alphabet and missing padding too: exported strings often travel in URLs and headers.
        var normalized = text.Trim().Replace('-', '+').Replace('_', '/');
        normalized = normalized.PadRight(normalized.Length + ((4 - (normalized.Length % 4)) % 4), '=');
        try
        {
            return Convert.FromBase64String(normalized);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static byte[]? TryHex(string id, int byteCount)
    {
        if (id.Length != byteCount * 2 || !id.All(char.IsAsciiHexDigitLower))
        {
            return null;
        }

        return Convert.FromHexString(id);
    }

    private static bool IsValidId(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= MaxIdLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static ArgumentException Invalid(string paramName, string reason) =>
        new($"The {paramName} is not a span exported with Span.Export() or an official Braintrust SDK: {reason}.", paramName);
}

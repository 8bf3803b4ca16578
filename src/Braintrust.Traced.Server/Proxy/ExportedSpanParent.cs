using System.Globalization;
using System.Text.Json;

namespace Braintrust.Traced.Server.Proxy;

/// <summary>
/// Reads a parent span exported with <c>span.Export()</c> (ours or an official Braintrust SDK's): base64 of
/// version byte (3 or 4), object type (2 = project logs), a count of binary id fields (field byte + id bytes; in
/// version 4 the span id is 8 bytes, others 16), then a JSON object with <c>object_id</c> or
/// <c>compute_object_metadata_args.project_name</c> and any id that did not fit the binary form.
/// </summary>
internal sealed record ExportedSpanParent(string? ProjectId, string? ProjectName, string SpanId, string RootSpanId)
{
    public static ExportedSpanParent? TryParse(string text)
    {
        byte[] bytes;
        try
        {
            var normalized = text.Trim().Replace('-', '+').Replace('_', '/');
            bytes = Convert.FromBase64String(normalized.PadRight(normalized.Length + ((4 - (normalized.Length % 4)) % 4), '='));
        }
        catch (FormatException)
        {
            return null;
        }
        if (bytes.Length < 3 || bytes[0] is not (3 or 4) || bytes[1] != 2)
        {
            return null;
        }
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var offset = 3;
        for (var i = 0; i < bytes[2]; i++)
        {
            if (offset >= bytes.Length || bytes[offset] is < 1 or > 4)
            {
                return null;
            }
            var field = bytes[offset];
            var length = bytes[0] == 4 && field == 3 ? 8 : 16;
            if (offset + 1 + length > bytes.Length)
            {
                return null;
            }
            var value = bytes.AsSpan(offset + 1, length);
            fields[field switch { 1 => "object_id", 2 => "row_id", 3 => "span_id", _ => "root_span_id" }] = bytes[0] == 4
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
                    return null;
                }
                foreach (var property in json.RootElement.EnumerateObject())
                {
                    if (property.Value.ValueKind == JsonValueKind.String && property.Name is "object_id" or "span_id" or "root_span_id")
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
                return null;
            }
        }
        if (fields.GetValueOrDefault("span_id") is not { Length: > 0 } spanId
            || fields.GetValueOrDefault("root_span_id") is not { Length: > 0 } rootSpanId)
        {
            return null;
        }
        var projectId = fields.GetValueOrDefault("object_id");
        return projectId is null && projectName is null ? null : new ExportedSpanParent(projectId, projectName, spanId, rootSpanId);
    }
}

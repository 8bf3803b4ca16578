using System.Buffers.Text;
using System.Text;

namespace Braintrust.Traced;

/// <summary>
/// A value that is already JSON (for example a slice of a request body an SDK serialized): logged into the row as these
/// bytes, with no serializer round trip. For integrations that hold the JSON anyway and would otherwise parse it only to
/// have it written back out.
/// </summary>
/// <remarks>
/// The bytes are checked when the shipper writes the row, not here (checking is a full read, and the point is to keep
/// that off the caller's thread): text that is not exactly one JSON value becomes an
/// <c>"[unserializable: ...]"</c> marker, and JSON over <see cref="BraintrustOptions.MaxFieldBytes"/> is truncated
/// like any other value. The bytes are kept by reference: do not change them after logging.
/// </remarks>
public sealed class RawJson
{
    /// <summary>Wraps UTF-8 JSON text holding one value (an object, array, string, number, <c>true</c>, <c>false</c> or <c>null</c>).</summary>
    /// <param name="utf8Json">The JSON text as UTF-8.</param>
    public RawJson(ReadOnlyMemory<byte> utf8Json) => Utf8Json = utf8Json;

    /// <summary>The JSON text as UTF-8.</summary>
    public ReadOnlyMemory<byte> Utf8Json { get; }

    /// <summary>The value as a number, when the text is a JSON number (used where a plain value is needed, e.g. OpenTelemetry tags).</summary>
    public bool TryGetDouble(out double value) =>
        Utf8Parser.TryParse(Utf8Json.Span, out value, out var consumed) && consumed == Utf8Json.Length;

    /// <summary>The JSON text.</summary>
    public override string ToString() => Encoding.UTF8.GetString(Utf8Json.Span);
}

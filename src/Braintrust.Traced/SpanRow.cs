using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Braintrust.Traced;

/// <summary>
/// One row of a <see cref="SpanRowBatch"/>: a single JSON object, exactly as it goes into the <c>rows</c> array of
/// Braintrust's <c>logs3</c> request, as UTF-8.
/// </summary>
/// <remarks>
/// The bytes belong to the batch: they are valid until the exporter's task completes. Copy them
/// (<see cref="ToArray"/>, <see cref="ToJsonObject"/>, <see cref="ToString"/>) to keep a row longer.
/// </remarks>
public readonly struct SpanRow
{
    internal SpanRow(ReadOnlyMemory<byte> utf8Json) => Utf8Json = utf8Json;

    /// <summary>The row as UTF-8 JSON (one object).</summary>
    public ReadOnlyMemory<byte> Utf8Json { get; }

    /// <summary>A copy of the row's UTF-8 JSON.</summary>
    public byte[] ToArray() => Utf8Json.ToArray();

    /// <summary>The row parsed into a new, independent <see cref="JsonObject"/>.</summary>
    public JsonObject ToJsonObject() =>
        JsonNode.Parse(Utf8Json.Span)?.AsObject() ?? throw new JsonException("The row is not a JSON object.");

    /// <summary>The row as JSON text.</summary>
    public override string ToString() => Encoding.UTF8.GetString(Utf8Json.Span);
}

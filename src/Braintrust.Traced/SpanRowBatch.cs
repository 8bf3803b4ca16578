using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Braintrust.Traced;

/// <summary>
/// The rows an <see cref="ISpanExporter"/> receives in one call, already serialized: each is one UTF-8 JSON object as
/// it would be posted to Braintrust's <c>logs3</c> endpoint.
/// </summary>
/// <remarks>
/// The shipper writes rows into a buffer it reuses for the next batch, so a batch is valid only until the exporter's
/// task completes (across retries of the same batch it stays valid). Copy what you keep: <see cref="SpanRow.ToArray"/>,
/// <see cref="SpanRow.ToJsonObject"/>, or <see cref="WriteJsonArray"/> into storage of your own.
/// </remarks>
public sealed class SpanRowBatch : IReadOnlyList<SpanRow>
{
    private readonly ReadOnlyMemory<byte> _data;

    // Row i is _data[_bounds[i].._bounds[i + 1]]: the rows lie back to back, with no separators.
    private readonly ReadOnlyMemory<int> _bounds;

    internal SpanRowBatch(ReadOnlyMemory<byte> data, ReadOnlyMemory<int> bounds)
    {
        _data = data;
        _bounds = bounds;
    }

    /// <summary>The number of rows.</summary>
    public int Count => Math.Max(0, _bounds.Length - 1);

    /// <summary>The total size of the rows' JSON, in bytes.</summary>
    public int ByteCount => Count == 0 ? 0 : _bounds.Span[^1] - _bounds.Span[0];

    /// <summary>The row at <paramref name="index"/>.</summary>
    public SpanRow this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
            var bounds = _bounds.Span;
            return new SpanRow(_data[bounds[index]..bounds[index + 1]]);
        }
    }

    /// <summary>
    /// Builds a batch from rows you already have, e.g. to test an exporter of your own.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="rows"/> or one of its rows is <see langword="null"/>.</exception>
    public static SpanRowBatch Create(IEnumerable<JsonObject> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var buffer = new Shipping.RowBuffer();
        var bounds = new List<int> { 0 };
        using var writer = new Utf8JsonWriter(buffer);
        foreach (var row in rows)
        {
            ArgumentNullException.ThrowIfNull(row, nameof(rows));
            writer.Reset(buffer);
            row.WriteTo(writer);
            writer.Flush();
            bounds.Add(buffer.Length);
        }

        return new SpanRowBatch(buffer.WrittenMemory, bounds.ToArray());
    }

    /// <summary>Writes the rows as one JSON array, <c>[row,row,...]</c>.</summary>
    public void WriteJsonArray(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray();
        foreach (var row in this)
        {
            writer.WriteRawValue(row.Utf8Json.Span, skipInputValidation: true);
        }

        writer.WriteEndArray();
    }

    /// <summary>The rows from <paramref name="start"/> on, <paramref name="count"/> of them, sharing this batch's bytes.</summary>
    internal SpanRowBatch Slice(int start, int count) => new(_data, _bounds.Slice(start, count + 1));

    /// <inheritdoc />
    public IEnumerator<SpanRow> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

namespace Braintrust.Traced.Shipping;

/// <summary>
/// Collects the shipper's next batch: writes each queued row into one reused <see cref="RowBuffer"/> and remembers where
/// each row ends. Steady-state batches allocate nothing but the small <see cref="SpanRowBatch"/> view handed to the exporter.
/// </summary>
internal sealed class RowBatchWriter(RowWriter writer)
{
    private readonly RowBuffer _buffer = new();
    private int[] _bounds = new int[129];
    private int _count;

    /// <summary>Rows written since <see cref="Clear"/>.</summary>
    public int Count => _count;

    /// <summary>Bytes written since <see cref="Clear"/>.</summary>
    public int ByteCount => _buffer.Length;

    public void Clear()
    {
        _buffer.Clear();
        _count = 0;
    }

    /// <summary>Writes <paramref name="row"/>. If writing fails, the partial row is removed and the exception rethrown.</summary>
    public void Add(IPendingRow row)
    {
        var start = _buffer.Length;
        try
        {
            writer.StartRow(_buffer);
            row.WriteRow(writer);
            writer.EndRow();
        }
        catch
        {
            _buffer.Truncate(start);
            throw;
        }

        if (_count + 2 > _bounds.Length)
        {
            Array.Resize(ref _bounds, _bounds.Length * 2);
        }

        _bounds[++_count] = _buffer.Length;
    }

    /// <summary>The rows written so far, sharing this writer's storage until the next <see cref="Clear"/>.</summary>
    public SpanRowBatch ToBatch() => new(_buffer.WrittenMemory, _bounds.AsMemory(0, _count + 1));
}

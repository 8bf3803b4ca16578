using System.Buffers;

namespace Braintrust.Traced.Shipping;

/// <summary>
/// A growable byte buffer that the shipper writes rows into and reuses batch after batch, so a steady stream of rows
/// allocates nothing once it has grown to the size of a batch. Unlike <see cref="ArrayBufferWriter{T}"/> it can be cut
/// back to an earlier length, which drops a row that failed half-way through.
/// </summary>
internal sealed class RowBuffer : IBufferWriter<byte>
{
    private const int MinimumGrowth = 4096;

    private byte[] _bytes;
    private int _length;

    public RowBuffer(int initialCapacity = 16 * 1024) => _bytes = new byte[initialCapacity];

    /// <summary>The bytes written so far.</summary>
    public int Length => _length;

    public ReadOnlyMemory<byte> WrittenMemory => _bytes.AsMemory(0, _length);

    public ReadOnlySpan<byte> WrittenSpan => _bytes.AsSpan(0, _length);

    /// <summary>Forgets what was written; the storage is kept for the next batch.</summary>
    public void Clear() => _length = 0;

    /// <summary>Cuts the buffer back to <paramref name="length"/> bytes.</summary>
    public void Truncate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)length, (uint)_length, nameof(length));
        _length = length;
    }

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)count, (uint)(_bytes.Length - _length), nameof(count));
        _length += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        EnsureFree(sizeHint);
        return _bytes.AsMemory(_length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        EnsureFree(sizeHint);
        return _bytes.AsSpan(_length);
    }

    /// <summary>Appends <paramref name="bytes"/>.</summary>
    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        _length += bytes.Length;
    }

    private void EnsureFree(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 1);
        if (_bytes.Length - _length >= needed)
        {
            return;
        }

        var size = Math.Max(_bytes.Length * 2, _length + Math.Max(needed, MinimumGrowth));
        Array.Resize(ref _bytes, size);
    }
}

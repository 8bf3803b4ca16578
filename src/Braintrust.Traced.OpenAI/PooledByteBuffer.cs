using System.Buffers;

namespace Braintrust.Traced.OpenAI;

/// <summary>
/// A growable byte buffer rented from <see cref="ArrayPool{T}.Shared"/>: the stream bytes waiting to be parsed and the
/// SSE line being assembled cost no allocation once the pool is warm. Not thread-safe; <see cref="Release"/> hands the
/// array back, after which the buffer starts empty again.
/// </summary>
internal sealed class PooledByteBuffer
{
    private byte[] _array = [];

    /// <summary>How many bytes were appended since the last <see cref="Clear"/>.</summary>
    public int Length { get; private set; }

    /// <summary>The appended bytes; valid until the next append, clear or release.</summary>
    public ReadOnlySpan<byte> Written => _array.AsSpan(0, Length);

    /// <summary>The appended bytes as memory; valid until the next append, clear or release.</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _array.AsMemory(0, Length);

    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > _array.Length - Length)
        {
            Grow(Length + bytes.Length);
        }

        bytes.CopyTo(_array.AsSpan(Length));
        Length += bytes.Length;
    }

    /// <summary>Forgets the content but keeps the array for the next appends.</summary>
    public void Clear() => Length = 0;

    /// <summary>Returns the array to the pool.</summary>
    public void Release()
    {
        var array = _array;
        _array = [];
        Length = 0;
        if (array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }

    private void Grow(int needed)
    {
        // Start at 1 KB (a few chunks), then double: a long backlog is copied O(log n) times, not once per read.
        var grown = ArrayPool<byte>.Shared.Rent(Math.Max(Math.Max(needed, 1024), _array.Length * 2));
        _array.AsSpan(0, Length).CopyTo(grown);
        if (_array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_array);
        }

        _array = grown;
    }
}

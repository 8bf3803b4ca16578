using System.Diagnostics;

namespace Braintrust.Traced.OpenAI.Tests.Fakes;

/// <summary>
/// A network stream stand-in that returns fixed bytes in reads of the sizes given (repeating the last size), however
/// large the caller's buffer, and remembers when each read returned.
/// </summary>
internal sealed class FragmentedStream(byte[] data, params int[] readSizes) : Stream
{
    private int _position;
    private int _reads;

    /// <summary>The <see cref="Stopwatch"/> timestamp at which each read returned, in order.</summary>
    public List<long> ReadTimestamps { get; } = [];

    public bool IsDisposed { get; private set; }

    /// <summary>When set, the read with this (zero-based) number fails with an <see cref="IOException"/>, as a dropped connection does.</summary>
    public int? FailingRead { get; init; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_reads == FailingRead)
        {
            throw new IOException("The response ended prematurely.");
        }

        var size = readSizes[Math.Min(_reads++, readSizes.Length - 1)];
        var count = Math.Min(Math.Min(size, buffer.Length), data.Length - _position);
        data.AsSpan(_position, count).CopyTo(buffer);
        _position += count;
        ReadTimestamps.Add(Stopwatch.GetTimestamp());
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        IsDisposed = true;
        base.Dispose(disposing);
    }
}

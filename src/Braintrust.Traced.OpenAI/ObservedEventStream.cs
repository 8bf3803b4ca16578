using System.Diagnostics;

namespace Braintrust.Traced.OpenAI;

/// <summary>
/// The response stream the OpenAI client reads, wrapped: each read goes to the network stream untouched, into the
/// caller's own buffer, and returns as soon as the network does. What it returned is then copied to a
/// <see cref="DeferredEventParser"/>, which parses it on a pool thread a few kilobytes at a time, so a chunk never waits
/// for any parsing (until the first event, its bytes are only scanned for the event's end, to time it). The span ends when the stream reaches its end,
/// fails, or is disposed (a caller that stops enumerating half way disposes it), whichever comes first.
/// </summary>
internal sealed class ObservedEventStream : Stream
{
    private readonly Stream _inner;
    private readonly StreamAssembler _assembler;
    private readonly DeferredEventParser _parser;
    private readonly IEventStreamSpan _span;
    private readonly FirstEventDetector _firstEvent = new();
    private long _firstEventTimestamp;
    private int _finished;

    public ObservedEventStream(Stream inner, StreamAssembler assembler, IEventStreamSpan span)
    {
        _inner = inner;
        _assembler = assembler;
        _parser = new DeferredEventParser(assembler);
        _span = span;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException("A response stream has no length.");

    public override long Position
    {
        get => throw new NotSupportedException("A response stream cannot seek.");
        set => throw new NotSupportedException("A response stream cannot seek.");
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int read;
        try
        {
            read = _inner.Read(buffer);
        }
        catch (Exception exception)
        {
            Finish(exception);
            throw;
        }

        Observe(buffer[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ValueTask<int> pending;
        try
        {
            pending = _inner.ReadAsync(buffer, cancellationToken);
        }
        catch (Exception exception)
        {
            Finish(exception);
            throw;
        }

        if (pending.IsCompletedSuccessfully)
        {
            var read = pending.Result;
            Observe(buffer.Span[..read]);
            return new ValueTask<int>(read);
        }

        return AwaitRead(pending, buffer);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("A response stream cannot seek.");

    public override void SetLength(long value) => throw new NotSupportedException("A response stream cannot be written.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("A response stream cannot be written.");

    public override async ValueTask DisposeAsync()
    {
        Finish(readError: null);
        await _inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Finish(readError: null);
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private async ValueTask<int> AwaitRead(ValueTask<int> pending, Memory<byte> buffer)
    {
        int read;
        try
        {
            read = await pending.ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Finish(exception);
            throw;
        }

        Observe(buffer.Span[..read]);
        return read;
    }

    private void Observe(ReadOnlySpan<byte> bytes)
    {
        if (Volatile.Read(ref _finished) != 0)
        {
            return;
        }

        if (bytes.IsEmpty)
        {
            Finish(readError: null, streamEnded: true);
            return;
        }

        if (_firstEventTimestamp == 0)
        {
            // Until the first event, scan each read (bytes only, no parsing) to know when it arrived: time to first token.
            var arrived = Stopwatch.GetTimestamp();
            if (_firstEvent.Scan(bytes))
            {
                _firstEventTimestamp = arrived;
            }
        }

        _parser.Accept(bytes);
    }

    private void Finish(Exception? readError, bool streamEnded = false)
    {
        if (Interlocked.Exchange(ref _finished, 1) != 0)
        {
            return;
        }

        // What is not parsed yet is parsed by the span's worker (EndedStream.Complete), or by the pool thread already on
        // a batch of a long stream: the caller's last read returns without waiting for it.
        _parser.CloseSoon(streamEnded);

        // A read cancelled by the caller is the caller stopping early, not a failed call.
        var error = readError is OperationCanceledException ? null : readError;
        _span.FinishStream(new EndedStream(_parser, _assembler, streamEnded, _firstEventTimestamp == 0 ? null : _firstEventTimestamp, error));
    }
}

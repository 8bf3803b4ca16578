using System.Text.Json;

namespace Braintrust.Traced.OpenAI;

/// <summary>
/// Splits server-sent-event bytes into events as they arrive (in pieces of any size) and hands each event's
/// <c>data</c> to a <see cref="StreamAssembler"/>. Follows the SSE format: <c>data:</c> lines accumulate, a blank line
/// ends the event, other fields and comments are skipped. A line that arrives whole is read where it lies, and so is an
/// event whose one data line and closing blank line arrive in the same bytes (nearly every event); only a line split
/// across reads, and the data of any other event, are copied (into pooled buffers, handed back by <see cref="Release"/>).
/// </summary>
internal sealed class SseDataFeeder(StreamAssembler assembler)
{
    private static ReadOnlySpan<byte> DataField => "data:"u8;

    private static ReadOnlySpan<byte> DoneSentinel => "[DONE]"u8;

    private readonly PooledByteBuffer _line = new();
    private readonly PooledByteBuffer _data = new();

    // The event's data so far is either copied in _data (_hasData) or, in the common case of one data line that arrived
    // whole, still lies in the bytes being fed, at _inPlaceStart: an event that also ends in them is read where it lies,
    // with no copy. Between two Feed calls it is always copied (the bytes fed are the caller's).
    private bool _hasData;
    private int _inPlaceStart = -1;
    private int _inPlaceLength;

    /// <summary>How many events with data arrived (the <c>[DONE]</c> sentinel excluded).</summary>
    public int EventCount { get; private set; }

    /// <summary>Takes the next bytes of the stream.</summary>
    public void Feed(ReadOnlySpan<byte> bytes)
    {
        var offset = 0;
        while (offset < bytes.Length)
        {
            var newline = bytes[offset..].IndexOf((byte)'\n');
            if (newline < 0)
            {
                _line.Append(bytes[offset..]);
                break;
            }

            if (_line.Length == 0)
            {
                EndLine(bytes, bytes.Slice(offset, newline), offsetInInput: offset);
            }
            else
            {
                // Only the first line of a feed can complete a carried-over line, so no data lies in place yet.
                _line.Append(bytes.Slice(offset, newline));
                EndLine(bytes, _line.Written, offsetInInput: -1);
                _line.Clear();
            }

            offset += newline + 1;
        }

        CopyInPlaceData(bytes);
    }

    /// <summary>The stream ended: a last event without its closing blank line still counts.</summary>
    public void Complete()
    {
        if (_line.Length > 0)
        {
            EndLine(ReadOnlySpan<byte>.Empty, _line.Written, offsetInInput: -1);
            _line.Clear();
        }

        Dispatch(ReadOnlySpan<byte>.Empty);
    }

    /// <summary>Hands the pooled buffers back; the feeder must not be fed after this.</summary>
    public void Release()
    {
        _line.Release();
        _data.Release();
    }

    /// <param name="input">The bytes being fed.</param>
    /// <param name="line">The line, without its \n.</param>
    /// <param name="offsetInInput">Where the line starts in <paramref name="input"/>; -1 when it was carried over.</param>
    private void EndLine(ReadOnlySpan<byte> input, ReadOnlySpan<byte> line, int offsetInInput)
    {
        if (!line.IsEmpty && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        if (line.IsEmpty)
        {
            Dispatch(input);
            return;
        }

        if (!line.StartsWith(DataField))
        {
            return;
        }

        var valueOffset = DataField.Length;
        if (line.Length > valueOffset && line[valueOffset] == (byte)' ')
        {
            valueOffset++;
        }

        var value = line[valueOffset..];
        if (offsetInInput >= 0 && !_hasData && _inPlaceStart < 0)
        {
            _inPlaceStart = offsetInInput + valueOffset;
            _inPlaceLength = value.Length;
            return;
        }

        CopyInPlaceData(input);
        if (_hasData)
        {
            _data.Append("\n"u8);
        }

        _data.Append(value);
        _hasData = true;
    }

    private void CopyInPlaceData(ReadOnlySpan<byte> input)
    {
        if (_inPlaceStart < 0)
        {
            return;
        }

        _data.Append(input.Slice(_inPlaceStart, _inPlaceLength));
        _hasData = true;
        _inPlaceStart = -1;
    }

    private void Dispatch(ReadOnlySpan<byte> input)
    {
        ReadOnlySpan<byte> payload;
        if (_inPlaceStart >= 0)
        {
            payload = input.Slice(_inPlaceStart, _inPlaceLength);
            _inPlaceStart = -1;
        }
        else if (_hasData)
        {
            payload = _data.Written;
        }
        else
        {
            return;
        }

        _hasData = false;
        try
        {
            if (payload.SequenceEqual(DoneSentinel))
            {
                assembler.IsComplete = true;
                return;
            }

            EventCount++;
            assembler.Add(payload);
        }
        catch (JsonException)
        {
            // An event that is not JSON is the server's problem, and the caller's client will report it; tracing must
            // never break the caller's stream, so it is skipped here.
        }
        finally
        {
            _data.Clear();
        }
    }
}

using System.Text.Json;

namespace Braintrust.Traced.OpenAI;

/// <summary>
/// Splits server-sent-event bytes into events as they arrive (in pieces of any size) and hands each event's
/// <c>data</c> to a <see cref="StreamAssembler"/>. Follows the SSE format: <c>data:</c> lines accumulate, a blank line
/// ends the event, other fields and comments are skipped.
/// </summary>
internal sealed class SseDataFeeder(StreamAssembler assembler)
{
    private static ReadOnlySpan<byte> DataField => "data:"u8;

    private static ReadOnlySpan<byte> DoneSentinel => "[DONE]"u8;

    private byte[] _line = new byte[512];
    private int _lineLength;
    private byte[] _data = new byte[512];
    private int _dataLength;
    private bool _hasData;

    /// <summary>How many events with data arrived (the <c>[DONE]</c> sentinel excluded).</summary>
    public int EventCount { get; private set; }

    /// <summary>Takes the next bytes of the stream.</summary>
    public void Feed(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var newline = bytes.IndexOf((byte)'\n');
            if (newline < 0)
            {
                Append(ref _line, ref _lineLength, bytes);
                return;
            }

            Append(ref _line, ref _lineLength, bytes[..newline]);
            EndLine();
            bytes = bytes[(newline + 1)..];
        }
    }

    /// <summary>The stream ended: a last event without its closing blank line still counts.</summary>
    public void Complete()
    {
        if (_lineLength > 0)
        {
            EndLine();
        }

        Dispatch();
    }

    private void EndLine()
    {
        var line = _line.AsSpan(0, _lineLength);
        _lineLength = 0;
        if (!line.IsEmpty && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        if (line.IsEmpty)
        {
            Dispatch();
            return;
        }

        if (!line.StartsWith(DataField))
        {
            return;
        }

        var value = line[DataField.Length..];
        if (!value.IsEmpty && value[0] == (byte)' ')
        {
            value = value[1..];
        }

        if (_hasData)
        {
            Append(ref _data, ref _dataLength, "\n"u8);
        }

        Append(ref _data, ref _dataLength, value);
        _hasData = true;
    }

    private void Dispatch()
    {
        if (!_hasData)
        {
            return;
        }

        var payload = _data.AsMemory(0, _dataLength);
        _hasData = false;
        _dataLength = 0;
        if (payload.Span.SequenceEqual(DoneSentinel))
        {
            assembler.IsComplete = true;
            return;
        }

        EventCount++;
        try
        {
            assembler.Add(payload);
        }
        catch (JsonException)
        {
            // An event that is not JSON is the server's problem, and the caller's client will report it; tracing must
            // never break the caller's stream, so it is skipped here.
        }
    }

    private static void Append(ref byte[] buffer, ref int length, ReadOnlySpan<byte> bytes)
    {
        if (length + bytes.Length > buffer.Length)
        {
            Array.Resize(ref buffer, Math.Max(buffer.Length * 2, length + bytes.Length));
        }

        bytes.CopyTo(buffer.AsSpan(length));
        length += bytes.Length;
    }
}

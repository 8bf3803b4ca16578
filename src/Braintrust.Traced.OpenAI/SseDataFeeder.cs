using System.Text.Json;

namespace Braintrust.Traced.OpenAI;

/// <summary>
/// Splits server-sent-event bytes into events as they arrive (in pieces of any size) and hands each event's
/// <c>data</c> to a <see cref="StreamAssembler"/>. Follows the SSE format: <c>data:</c> lines accumulate, a blank line
/// ends the event, other fields and comments are skipped. A line that arrives whole is read where it lies; only a line
/// split across reads, and each event's data, are copied (into pooled buffers, handed back by <see cref="Release"/>).
/// </summary>
internal sealed class SseDataFeeder(StreamAssembler assembler)
{
    private static ReadOnlySpan<byte> DataField => "data:"u8;

    private static ReadOnlySpan<byte> DoneSentinel => "[DONE]"u8;

    private readonly PooledByteBuffer _line = new();
    private readonly PooledByteBuffer _data = new();
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
                _line.Append(bytes);
                return;
            }

            if (_line.Length == 0)
            {
                EndLine(bytes[..newline]);
            }
            else
            {
                _line.Append(bytes[..newline]);
                EndLine(_line.Written);
                _line.Clear();
            }

            bytes = bytes[(newline + 1)..];
        }
    }

    /// <summary>The stream ended: a last event without its closing blank line still counts.</summary>
    public void Complete()
    {
        if (_line.Length > 0)
        {
            EndLine(_line.Written);
            _line.Clear();
        }

        Dispatch();
    }

    /// <summary>Hands the pooled buffers back; the feeder must not be fed after this.</summary>
    public void Release()
    {
        _line.Release();
        _data.Release();
    }

    private void EndLine(ReadOnlySpan<byte> line)
    {
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
            _data.Append("\n"u8);
        }

        _data.Append(value);
        _hasData = true;
    }

    private void Dispatch()
    {
        if (!_hasData)
        {
            return;
        }

        var payload = _data.WrittenMemory;
        _hasData = false;
        try
        {
            if (payload.Span.SequenceEqual(DoneSentinel))
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

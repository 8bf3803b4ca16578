namespace Braintrust.Traced.OpenAI;

/// <summary>
/// Tells, from the raw bytes of a response stream, when its first event with data is complete: a <c>data:</c> line
/// (other than <c>data: [DONE]</c>) followed by the blank line that ends its event. Only scans bytes, no JSON and no
/// copy: the reader's thread times the first token with it, while all the parsing is left to <see cref="DeferredEventParser"/>
/// (parsing the first event on the reader's thread cost about 8 µs a stream, cold caches and pooled buffers included).
/// </summary>
/// <remarks>Lines may be cut anywhere between reads (even inside <c>data:</c> or a <c>\r\n</c>): the state carries over.</remarks>
internal sealed class FirstEventDetector
{
    private static ReadOnlySpan<byte> DataField => "data:"u8;

    private static ReadOnlySpan<byte> DoneSentinel => "[DONE]"u8;

    // The line being read: how many of its bytes were seen (up to "data:"), whether it is a data line, and for a data
    // line how much of its value was seen and whether that is [DONE] so far.
    private int _lineLength;
    private bool _lineIsData;
    private bool _spaceChecked;
    private int _valueLength;
    private bool _valueIsDone;
    private bool _afterCarriageReturn;
    private bool _eventHasData;

    /// <summary>Whether the first event with data has been seen complete.</summary>
    public bool Found { get; private set; }

    /// <summary>Scans one read's bytes; returns <see cref="Found"/>.</summary>
    public bool Scan(ReadOnlySpan<byte> bytes)
    {
        var offset = 0;
        while (!Found && offset < bytes.Length)
        {
            var b = bytes[offset];
            if (_afterCarriageReturn && b == (byte)'\n')
            {
                // The \n of a \r\n: the line already ended at the \r.
                _afterCarriageReturn = false;
                offset++;
                continue;
            }

            _afterCarriageReturn = false;
            if (b is (byte)'\n' or (byte)'\r')
            {
                EndLine();
                _afterCarriageReturn = b == (byte)'\r';
                offset++;
                continue;
            }

            if (_lineLength >= DataField.Length && !_lineIsData)
            {
                // Not a data line (a comment, event:, id:): skip to its end in one search.
                var end = bytes[offset..].IndexOfAny((byte)'\n', (byte)'\r');
                var skipped = end < 0 ? bytes.Length - offset : end;
                _lineLength += skipped;
                offset += skipped;
                continue;
            }

            if (_lineIsData)
            {
                offset += ReadDataValue(bytes[offset..]);
                continue;
            }

            // Still within the first five bytes of the line: does it start with "data:"?
            if (b != DataField[_lineLength])
            {
                _lineLength = DataField.Length; // "not data": this byte and the rest of the line are skipped above
                continue;
            }

            _lineLength++;
            offset++;
            if (_lineLength == DataField.Length)
            {
                _lineIsData = true;
                _valueIsDone = true; // until a byte says otherwise: the value is compared with [DONE] as it comes
            }
        }

        return Found;
    }

    /// <summary>Reads the value of a data line up to its end; only whether it is exactly <c>[DONE]</c> matters.</summary>
    private int ReadDataValue(ReadOnlySpan<byte> bytes)
    {
        var end = bytes.IndexOfAny((byte)'\n', (byte)'\r');
        var value = end < 0 ? bytes : bytes[..end];
        foreach (var b in value)
        {
            if (!_valueIsDone)
            {
                // Decided: a data line that is not [DONE]; the rest of it does not matter.
                break;
            }

            if (!_spaceChecked)
            {
                // One space after the colon is not part of the value.
                _spaceChecked = true;
                if (b == (byte)' ')
                {
                    continue;
                }
            }

            _valueIsDone = _valueLength < DoneSentinel.Length && b == DoneSentinel[_valueLength];
            _valueLength++;
        }

        return value.Length;
    }

    private void EndLine()
    {
        if (_lineLength == 0)
        {
            // A blank line ends the event.
            Found = _eventHasData;
            _eventHasData = false;
            return;
        }

        if (_lineIsData && !(_valueIsDone && _valueLength == DoneSentinel.Length))
        {
            _eventHasData = true;
        }

        _lineLength = 0;
        _lineIsData = false;
        _spaceChecked = false;
        _valueLength = 0;
        _valueIsDone = false;
    }
}

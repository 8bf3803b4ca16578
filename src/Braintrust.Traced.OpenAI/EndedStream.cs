namespace Braintrust.Traced.OpenAI;

/// <summary>
/// How an observed response stream ended, with the parsing it may still owe: the reader hands this over instead of
/// finishing the parse itself (<see cref="DeferredEventParser.CloseSoon"/>: a pool thread already on a batch finishes it, else the worker does), so the caller's
/// last read (or <c>Dispose</c>) returns without waiting for it. <see cref="Complete"/> makes sure the parse is done
/// (doing it, or waiting for the pool thread); the span calls it on the shipper's worker when it writes the row.
/// </summary>
internal sealed class EndedStream(DeferredEventParser parser, StreamAssembler assembler, bool streamEnded, long? firstEventTimestamp, Exception? readError)
{
    /// <summary>The assembler: whole once <see cref="Complete"/> returned.</summary>
    public StreamAssembler Assembler => assembler;

    /// <summary>The <see cref="System.Diagnostics.Stopwatch"/> timestamp at which the first event arrived, if one did.</summary>
    public long? FirstEventTimestamp => firstEventTimestamp;

    /// <summary>The read failure that ended the stream, if any (a cancelled read is the caller stopping, not a failure).</summary>
    public Exception? ReadError => readError;

    /// <summary>Whether the answer is whole: the stream reached its end, or the server said so. Valid after <see cref="Complete"/>.</summary>
    public bool Completed => assembler.IsComplete;

    /// <summary>Parses whatever was read and not parsed yet, or waits for the pool thread doing it. Idempotent.</summary>
    public void Complete()
    {
        parser.Close(streamEnded);
        if (streamEnded)
        {
            assembler.IsComplete = true;
        }
    }
}

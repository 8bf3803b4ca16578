namespace Braintrust.Traced.OpenAI;

/// <summary>What an <see cref="ObservedEventStream"/> ends once its stream is over: the llm span of the call.</summary>
internal interface IEventStreamSpan
{
    /// <summary>
    /// Ends the span with what <paramref name="assembler"/> assembled. <paramref name="firstEventTimestamp"/> is the
    /// <see cref="System.Diagnostics.Stopwatch"/> timestamp at which the first event arrived, if one did;
    /// <paramref name="completed"/> says whether the stream reached its end; <paramref name="readError"/> is the read
    /// failure that ended it, if any.
    /// </summary>
    void FinishStream(StreamAssembler assembler, long? firstEventTimestamp, bool completed, Exception? readError);
}

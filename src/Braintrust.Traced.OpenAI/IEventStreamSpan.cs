namespace Braintrust.Traced.OpenAI;

/// <summary>What an <see cref="ObservedEventStream"/> ends once its stream is over: the llm span of the call.</summary>
internal interface IEventStreamSpan
{
    /// <summary>
    /// Ends the span with how <paramref name="stream"/> ended. Called once, on the reader's thread: the span must not
    /// call <see cref="EndedStream.Complete"/> there unless it has to, as that parses what is left of the stream.
    /// </summary>
    void FinishStream(EndedStream stream);
}

namespace Braintrust.Traced.OpenAI.Tests.Fakes;

/// <summary>Stands in for the llm span: records how an observed stream ended it.</summary>
internal sealed class RecordingStreamSpan : IEventStreamSpan
{
    public int FinishCount { get; private set; }

    public StreamAssembler? Assembler { get; private set; }

    public long? FirstEventTimestamp { get; private set; }

    public bool Completed { get; private set; }

    public Exception? ReadError { get; private set; }

    public void FinishStream(StreamAssembler assembler, long? firstEventTimestamp, bool completed, Exception? readError)
    {
        FinishCount++;
        Assembler = assembler;
        FirstEventTimestamp = firstEventTimestamp;
        Completed = completed;
        ReadError = readError;
    }

    /// <summary>The assembled text of choice 0, or null when nothing was assembled.</summary>
    public string? Content => Assembler?.BuildOutput()?[0]?["message"]?["content"]?.GetValue<string>();
}

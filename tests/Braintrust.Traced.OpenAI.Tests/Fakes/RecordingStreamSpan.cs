namespace Braintrust.Traced.OpenAI.Tests.Fakes;

/// <summary>Stands in for the llm span: records how an observed stream ended it, and finishes its parsing as the span's row would.</summary>
internal sealed class RecordingStreamSpan : IEventStreamSpan
{
    public int FinishCount { get; private set; }

    public StreamAssembler? Assembler { get; private set; }

    public long? FirstEventTimestamp { get; private set; }

    public bool Completed { get; private set; }

    public Exception? ReadError { get; private set; }

    public void FinishStream(EndedStream stream)
    {
        FinishCount++;
        stream.Complete();
        Assembler = stream.Assembler;
        FirstEventTimestamp = stream.FirstEventTimestamp;
        Completed = stream.Completed;
        ReadError = stream.ReadError;
    }

    /// <summary>The assembled text of choice 0, or null when nothing was assembled.</summary>
    public string? Content => Assembler?.BuildOutput()?[0]?["message"]?["content"]?.GetValue<string>();
}

namespace Braintrust.Traced.OpenAI;

/// <summary>
/// Starts an llm span as a child of <see cref="Span.Current"/> WITHOUT making it current. <c>StartSpan</c> makes the new
/// span current, and in a synchronous call (or a stream ended later on another flow) that would leak: later code of the
/// caller would nest under a model call that already finished. Running the start inside a copy of the caller's
/// ExecutionContext keeps the caller's current span untouched.
/// </summary>
internal static class DetachedSpan
{
    /// <summary>A started span, or <see langword="null"/> when there is no current span and no enabled logger.</summary>
    public static Span? Start(BraintrustLogger? logger, string name)
    {
        var parent = Span.Current;
        if (parent is null)
        {
            logger ??= BraintrustLogger.Current;
            if (logger is not { IsEnabled: true })
            {
                return null;
            }
        }

        var context = ExecutionContext.Capture();
        if (context is null)
        {
            // Flow is suppressed: nothing the caller runs later sees this flow's AsyncLocals, so starting in place is safe.
            return parent is not null ? parent.StartSpan(name, SpanType.Llm) : logger!.StartSpan(name, SpanType.Llm);
        }

        var start = new StartState(parent, logger, name);
        ExecutionContext.Run(context, static state => ((StartState)state!).Run(), start);
        return start.Result;
    }

    private sealed class StartState(Span? parent, BraintrustLogger? logger, string name)
    {
        public Span? Result { get; private set; }

        public void Run() => Result = parent is not null ? parent.StartSpan(name, SpanType.Llm) : logger!.StartSpan(name, SpanType.Llm);
    }
}

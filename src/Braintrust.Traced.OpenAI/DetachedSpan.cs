namespace Braintrust.Traced.OpenAI;

/// <summary>
/// Starts an llm span as a child of <see cref="Span.Current"/> WITHOUT making it current: the span of a synchronous call
/// or of a stream that ends later would otherwise leak, and the caller's next calls would nest under a model call that
/// already finished.
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

        return parent is not null
            ? parent.StartSpan(name, SpanType.Llm, setCurrent: false)
            : logger!.StartSpan(name, SpanType.Llm, setCurrent: false);
    }
}

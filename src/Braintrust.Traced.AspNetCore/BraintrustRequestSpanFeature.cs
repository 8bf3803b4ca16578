namespace Braintrust.Traced.AspNetCore;

internal sealed class BraintrustRequestSpanFeature(Span span) : IBraintrustRequestSpanFeature
{
    public Span Span { get; } = span;
}

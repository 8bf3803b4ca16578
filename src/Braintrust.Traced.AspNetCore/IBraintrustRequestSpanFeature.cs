namespace Braintrust.Traced.AspNetCore;

/// <summary>The request's span, as an HTTP feature (also reachable as <see cref="Span.Current"/> inside the endpoint).</summary>
public interface IBraintrustRequestSpanFeature
{
    /// <summary>The span covering this request.</summary>
    Span Span { get; }
}

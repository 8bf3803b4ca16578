namespace Braintrust.Traced.AspNetCore;

/// <summary>Endpoint metadata naming the endpoint's request span (instead of <c>"{method} {route}"</c>).</summary>
/// <param name="Name">The span name.</param>
/// <param name="Type">The span type.</param>
public sealed record BraintrustSpanNameMetadata(string Name, SpanType Type = SpanType.Task);

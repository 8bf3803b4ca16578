namespace Braintrust.Traced.AspNetCore;

/// <summary>Endpoint metadata: the response carries the request span's id in <paramref name="HeaderName"/>.</summary>
/// <param name="HeaderName">The response header, <see cref="BraintrustHeaders.SpanId"/> by default.</param>
public sealed record SpanIdHeaderMetadata(string HeaderName);

namespace Braintrust.Traced;

/// <summary>
/// What an <see cref="IDeferredSpanLog"/> works out for its span: the same fields <see cref="Span.Log"/> takes (those an
/// integration computes from a request and a response). <see langword="null"/> leaves a field alone.
/// </summary>
/// <param name="Input">The span's input.</param>
/// <param name="Output">The span's output.</param>
/// <param name="Metadata">Metadata keys to add.</param>
/// <param name="Metrics">Metrics to add.</param>
/// <param name="Error">The span's error (a message, or an exception).</param>
public readonly record struct SpanLogValues(
    object? Input = null,
    object? Output = null,
    IReadOnlyDictionary<string, object?>? Metadata = null,
    IReadOnlyDictionary<string, double>? Metrics = null,
    object? Error = null);

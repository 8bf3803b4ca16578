namespace Braintrust.Traced;

/// <summary>
/// Values of a span that are worked out later, on the background shipper, instead of on the caller's thread: give one
/// to <see cref="Span.LogDeferred"/>. For integrations whose span values come from parsing what they already hold (a
/// request body, a response body): the parsing then costs the traced call nothing.
/// </summary>
/// <remarks>
/// <see cref="Resolve"/> is called once per log, on the shipper's worker just before the span's row is written; or when
/// the span ends if it mirrors an OpenTelemetry <c>Activity</c> (whose tags need the metadata then); or at once when the
/// span has already ended. It must be thread-safe with respect to what it reads, and must not throw: an exception is
/// recorded as the span's error (when it has none) and the rest of the row is kept.
/// </remarks>
public interface IDeferredSpanLog
{
    /// <summary>The values to merge into the span. Values given to <see cref="Span.Log"/> win over them, field by field and key by key.</summary>
    SpanLogValues Resolve();
}

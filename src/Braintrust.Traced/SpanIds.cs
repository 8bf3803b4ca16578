using System.Globalization;

namespace Braintrust.Traced;

/// <summary>
/// Random span and trace identifiers in the official SDKs' default shape: 16 hex digits for a span, 32 for a trace.
/// They are kept as numbers on the caller's thread and only formatted when a row is written or an id is read, so
/// starting a span allocates no strings.
/// </summary>
internal static class SpanIds
{
    /// <summary>A non-zero random 64-bit span id (zero means "no parent").</summary>
    public static ulong NewSpanId()
    {
        ulong value;
        do
        {
            value = (ulong)Random.Shared.NextInt64(long.MinValue, long.MaxValue);
        }
        while (value == 0);
        return value;
    }

    /// <summary>A non-zero random 128-bit trace id.</summary>
    public static UInt128 NewTraceId() => new(NewSpanId(), NewSpanId());

    public static string Format(ulong spanId) => spanId.ToString("x16", CultureInfo.InvariantCulture);

    public static string Format(UInt128 traceId) => traceId.ToString("x32", CultureInfo.InvariantCulture);
}

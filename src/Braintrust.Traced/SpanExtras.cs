using System.Diagnostics;

namespace Braintrust.Traced;

/// <summary>
/// The parts of a <see cref="Span"/> most spans never use (values from <see cref="Span.Log"/> beyond input and output,
/// an <see cref="Activity"/>, the previous current span of a hand-started span, an error, metadata, a parent in another
/// process), allocated on first use. A [Traced] call's span is created, queued and kept alive until the shipper writes
/// it: every field it carries for nothing is paid for by every call, and again by the garbage collector while the span
/// waits in the queue.
/// </summary>
internal sealed class SpanExtras
{
    public object? Expected { get; set; }

    public Dictionary<string, double?>? Scores { get; set; }

    public Dictionary<string, double>? Metrics { get; set; }

    public IEnumerable<string>? Tags { get; set; }

    public Activity? Activity { get; set; }

    /// <summary>Set when the span made itself current and must restore <see cref="PreviousCurrent"/> when it ends.</summary>
    public bool RestoresCurrent { get; set; }

    public Span? PreviousCurrent { get; set; }

    public string? SpanIdText { get; set; }

    /// <summary>The exception (or value given to <see cref="Span.Log"/>) recorded as the span's <c>error</c>.</summary>
    public object? Error { get; set; }

    public Dictionary<string, object?>? Metadata { get; set; }

    /// <summary>Values to work out on the shipper's worker (<see cref="Span.LogDeferred"/>), until they are merged in.</summary>
    public IDeferredSpanLog? DeferredLog { get; set; }

    /// <summary>Ids of a parent in another process (from <see cref="ParentReference"/>), written as that process sent them.</summary>
    public string? RemoteRootSpanId { get; set; }

    public string? RemoteParentSpanId { get; set; }
}

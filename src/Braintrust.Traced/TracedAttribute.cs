namespace Braintrust.Traced;

/// <summary>
/// Marks a <c>partial</c> method whose every call becomes a span. The Braintrust.Traced source generator writes
/// the method's implementation at compile time: it opens a span, records the arguments, calls the body
/// (the method named <c>&lt;Name&gt;Core</c> unless <see cref="Implementation"/> says otherwise), records
/// the result or the exception, and ends the span.
/// </summary>
/// <example>
/// <code>
/// [Traced("classify_text", Type = SpanType.Tool)]
/// public partial Task&lt;Label&gt; ClassifyTextAsync(string text, CancellationToken ct = default);
///
/// private async Task&lt;Label&gt; ClassifyTextAsyncCore(string text, CancellationToken ct) { ... }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class TracedAttribute : Attribute
{
    /// <summary>Traces the method under a name chosen by the project's naming policy.</summary>
    public TracedAttribute()
    {
    }

    /// <summary>Traces the method under an explicit span name.</summary>
    /// <param name="name">The span name; it wins over the naming policy.</param>
    public TracedAttribute(string name)
    {
        Name = name;
    }

    /// <summary>The explicit span name, or <see langword="null"/> to use the naming policy.</summary>
    public string? Name { get; }

    /// <summary>The span's type. Defaults to <see cref="SpanType.Function"/>.</summary>
    public SpanType Type { get; set; } = SpanType.Function;

    /// <summary>Whether the arguments are recorded as the span's input. Defaults to <see langword="true"/>.</summary>
    public bool CaptureInput { get; set; } = true;

    /// <summary>Whether the return value (and <c>out</c>/<c>ref</c> values) are recorded as the span's output. Defaults to <see langword="true"/>.</summary>
    public bool CaptureOutput { get; set; } = true;

    /// <summary>
    /// The name of the method holding the body, in the same type and with the same signature.
    /// Defaults to the traced method's name followed by <c>Core</c>.
    /// </summary>
    public string? Implementation { get; set; }
}

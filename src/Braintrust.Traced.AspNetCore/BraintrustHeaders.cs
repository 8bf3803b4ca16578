namespace Braintrust.Traced.AspNetCore;

/// <summary>The HTTP headers this package reads and writes.</summary>
public static class BraintrustHeaders
{
    /// <summary>
    /// Response header carrying the request span's id, so a front end can send feedback on exactly this request
    /// (see <see cref="BraintrustEndpointConventionBuilderExtensions.ReturnBraintrustSpanId{TBuilder}"/>).
    /// </summary>
    public const string SpanId = "x-bt-span-id";

    /// <summary>
    /// Request header carrying a <see cref="Span.Export"/> string: the request span continues that trace (the same
    /// header Braintrust's AI proxy reads).
    /// </summary>
    public const string Parent = "x-bt-parent";
}

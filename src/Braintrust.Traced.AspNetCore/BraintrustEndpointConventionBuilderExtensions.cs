using Microsoft.AspNetCore.Builder;

namespace Braintrust.Traced.AspNetCore;

/// <summary>Per-endpoint settings of the request spans <c>UseBraintrustRequestSpans</c> records.</summary>
public static class BraintrustEndpointConventionBuilderExtensions
{
    /// <summary>Names the endpoint's request span (the default is <c>"{method} {route pattern}"</c>).</summary>
    public static TBuilder WithBraintrustSpan<TBuilder>(this TBuilder builder, string name, SpanType type = SpanType.Task)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return builder.WithMetadata(new BraintrustSpanNameMetadata(name, type));
    }

    /// <summary>
    /// Returns the request span's id in the response header <paramref name="headerName"/> (<c>x-bt-span-id</c>), so the
    /// client can later send feedback on it. A browser on another origin reads it only when CORS exposes the header.
    /// </summary>
    public static TBuilder ReturnBraintrustSpanId<TBuilder>(this TBuilder builder, string headerName = BraintrustHeaders.SpanId)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(headerName);
        return builder.WithMetadata(new SpanIdHeaderMetadata(headerName));
    }

    /// <summary>Records no request span for this endpoint.</summary>
    public static TBuilder WithoutBraintrustSpan<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(NoRequestSpanMetadata.Instance);
}

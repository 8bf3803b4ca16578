using Microsoft.AspNetCore.Http;

namespace Braintrust.Traced.AspNetCore;

/// <summary>Access to the request span from an <see cref="HttpContext"/>.</summary>
public static class BraintrustHttpContextExtensions
{
    /// <summary>The request's span, or <see langword="null"/> when request spans are off for this endpoint or tracing is disabled.</summary>
    public static Span? GetBraintrustSpan(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<IBraintrustRequestSpanFeature>()?.Span;
    }
}

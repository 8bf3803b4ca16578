using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Braintrust.Traced.AspNetCore;

/// <summary>Adds request spans to the pipeline.</summary>
public static class BraintrustApplicationBuilderExtensions
{
    /// <summary>
    /// Records a span for every request that matched an endpoint (unless the endpoint says
    /// <see cref="BraintrustEndpointConventionBuilderExtensions.WithoutBraintrustSpan{TBuilder}"/>). The span is
    /// <see cref="Span.Current"/> inside the endpoint, so <c>[Traced]</c> calls nest under it; a request carrying an
    /// exported span in <c>x-bt-parent</c> continues that trace. Needs <c>AddBraintrustTraced</c>; call it after
    /// <c>UseRouting</c> when you call that explicitly.
    /// </summary>
    public static IApplicationBuilder UseBraintrustRequestSpans(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.ApplicationServices.GetService<BraintrustLogger>() is null)
        {
            throw new InvalidOperationException(
                "UseBraintrustRequestSpans needs a BraintrustLogger in the services: call builder.Services.AddBraintrustTraced(builder.Configuration) first.");
        }

        return app.UseMiddleware<RequestSpanMiddleware>();
    }
}

namespace Braintrust.Traced.AspNetCore;

/// <summary>Endpoint metadata: no request span for this endpoint (health checks, static assets, the feedback endpoint itself).</summary>
public sealed class NoRequestSpanMetadata
{
    /// <summary>The one instance; the metadata carries no data.</summary>
    public static readonly NoRequestSpanMetadata Instance = new();

    private NoRequestSpanMetadata()
    {
    }
}

namespace Braintrust.Traced.Server.Proxy.Cache;

/// <summary>An upstream answer as the proxy relays it: status, content type and the exact bytes (SSE included).</summary>
public sealed record CachedResponse(int Status, string ContentType, byte[] Body)
{
    /// <summary>When a stored entry stops being served (set when read back from a cache).</summary>
    public DateTimeOffset? Expires { get; init; }

    public bool IsEventStream => ContentType.StartsWith("text/event-stream", StringComparison.OrdinalIgnoreCase);
}

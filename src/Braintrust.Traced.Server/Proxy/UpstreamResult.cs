using Braintrust.Traced.Server.Proxy.Cache;

namespace Braintrust.Traced.Server.Proxy;

/// <summary>
/// What one upstream exchange produced. <see cref="Complete"/> is false when a stream broke off part-way (never
/// cached); <see cref="RelayedLive"/> when its bytes already went to the leading caller as they arrived.
/// </summary>
internal sealed record UpstreamResult(CachedResponse Response, bool Complete, bool RelayedLive, string? RetryAfter, string? RequestId)
{
    public bool IsSuccess => Response.Status is >= 200 and < 300;
}

using System.Threading.RateLimiting;

namespace Braintrust.Traced.Server.Proxy;

/// <summary>
/// <c>Proxy:RateLimit:RequestsPerMinute</c> per API key (0 = unlimited), in fixed one-minute windows. A rejected
/// request gets 429 with Retry-After: the seconds until the key's window reopens.
/// </summary>
internal sealed class KeyRateLimiter(int requestsPerMinute) : IDisposable
{
    private readonly PartitionedRateLimiter<string>? _limiter = requestsPerMinute <= 0
        ? null
        : PartitionedRateLimiter.Create<string, string>(keyId => RateLimitPartition.GetFixedWindowLimiter(keyId,
            _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = requestsPerMinute,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));

    /// <exception cref="ProxyError">429 when the key has used up its window.</exception>
    public void Admit(string keyId)
    {
        if (_limiter is null)
        {
            return;
        }
        using var lease = _limiter.AttemptAcquire(keyId);
        if (lease.IsAcquired)
        {
            return;
        }
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        throw new ProxyError(429, "requests", "rate_limit_exceeded",
            $"This API key may make {requestsPerMinute} proxy requests per minute (Proxy:RateLimit:RequestsPerMinute); retry after {Math.Ceiling(retryAfter.TotalSeconds):0} s.",
            retryAfter: retryAfter);
    }

    public void Dispose() => _limiter?.Dispose();
}

using Microsoft.Extensions.Caching.Memory;

namespace Braintrust.Traced.Server.Proxy.Cache;

/// <summary>
/// A bounded in-process copy of recently used entries in front of the shared store (database or Redis), so a hot
/// hit costs no database or network round trip. Safe with several server instances: an entry never changes during
/// its life (same key, same request, same answer) and the copy expires no later than the stored one.
/// </summary>
internal sealed class MemoryFrontedProxyCache(IProxyCache shared, long memoryBytes, TimeProvider time) : IProxyCache
{
    private readonly MemoryCache _memory = new(new MemoryCacheOptions { SizeLimit = memoryBytes });

    public string Description => $"{shared.Description} + {memoryBytes / (1024 * 1024)} MiB in memory";

    public Task InitializeAsync(CancellationToken ct) => shared.InitializeAsync(ct);

    public async Task<CachedResponse?> GetAsync(string key, CancellationToken ct)
    {
        if (_memory.TryGetValue(key, out (CachedResponse Response, DateTimeOffset Expires) entry))
        {
            if (entry.Expires > time.GetUtcNow())
            {
                return entry.Response;
            }
            _memory.Remove(key);
        }
        var found = await shared.GetAsync(key, ct);
        if (found?.Expires is { } expires)
        {
            Remember(key, found, expires);
        }
        return found;
    }

    public async Task SetAsync(string key, string orgId, CachedResponse response, TimeSpan ttl, CancellationToken ct)
    {
        await shared.SetAsync(key, orgId, response, ttl, ct);
        Remember(key, response, time.GetUtcNow() + ttl);
    }

    private void Remember(string key, CachedResponse response, DateTimeOffset expires)
    {
        if (response.Body.Length >= memoryBytes)
        {
            return;
        }
        _memory.Set(key, (response, expires), new MemoryCacheEntryOptions
        {
            Size = response.Body.Length + 256,
            AbsoluteExpiration = expires,
        });
    }

    public async ValueTask DisposeAsync()
    {
        _memory.Dispose();
        await shared.DisposeAsync();
    }
}

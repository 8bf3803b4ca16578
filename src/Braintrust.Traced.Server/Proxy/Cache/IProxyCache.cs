namespace Braintrust.Traced.Server.Proxy.Cache;

/// <summary>Where cached upstream answers live: the server's database by default, Redis when configured.</summary>
public interface IProxyCache : IAsyncDisposable
{
    /// <summary>Human-readable backend name for logs ("SQLite", "PostgreSQL", "Redis host:port").</summary>
    string Description { get; }

    /// <summary>Creates the cache's table when needed (idempotent, versioned).</summary>
    Task InitializeAsync(CancellationToken ct);

    /// <summary>The stored entry when present and not expired.</summary>
    Task<CachedResponse?> GetAsync(string key, CancellationToken ct);

    Task SetAsync(string key, string orgId, CachedResponse response, TimeSpan ttl, CancellationToken ct);
}

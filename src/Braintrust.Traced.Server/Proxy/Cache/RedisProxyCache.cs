using StackExchange.Redis;

namespace Braintrust.Traced.Server.Proxy.Cache;

/// <summary>
/// The cache in Redis (<c>Proxy:Cache:Redis</c> = <c>host:port</c>, or any StackExchange.Redis configuration string),
/// shared by several server instances. Entries expire in Redis itself; one multiplexed connection serves every request
/// and reconnects by itself after a network failure.
/// </summary>
internal sealed class RedisProxyCache : IProxyCache
{
    private const string KeyPrefix = "bt-traced:proxy:";
    private readonly ConfigurationOptions _configuration;
    private readonly TimeProvider _time;
    private ConnectionMultiplexer? _connection;

    public RedisProxyCache(string endpoint, string? password, TimeProvider time)
    {
        try
        {
            _configuration = ConfigurationOptions.Parse(endpoint);
        }
        catch (ArgumentException exception)
        {
            throw new InvalidOperationException($"Proxy:Cache:Redis must be host:port or a Redis configuration string (was '{endpoint}'): {exception.Message}");
        }

        if (_configuration.EndPoints.Count == 0)
        {
            throw new InvalidOperationException($"Proxy:Cache:Redis must be host:port (was '{endpoint}').");
        }

        if (password is not null)
        {
            _configuration.Password = password;
        }

        // A cache that is down must not stall requests: fail fast and let the proxy call the provider.
        _configuration.AbortOnConnectFail = false;
        _configuration.ConnectTimeout = 5_000;
        _configuration.SyncTimeout = 5_000;
        _time = time;
        Description = "Redis " + string.Join(",", _configuration.EndPoints);
    }

    public string Description { get; }

    /// <summary>Connects and checks the server answers (and the password is right), so a misconfiguration fails the start.</summary>
    public async Task InitializeAsync(CancellationToken ct)
    {
        _connection = await ConnectionMultiplexer.ConnectAsync(_configuration);
        await _connection.GetDatabase().PingAsync().WaitAsync(ct);
    }

    public async Task<CachedResponse?> GetAsync(string key, CancellationToken ct)
    {
        var value = await Database.StringGetAsync(RedisKey(key)).WaitAsync(ct);
        return value.IsNull ? null : CachedResponseCodec.Decode((byte[])value!, _time.GetUtcNow());
    }

    public Task SetAsync(string key, string orgId, CachedResponse response, TimeSpan ttl, CancellationToken ct) =>
        Database.StringSetAsync(RedisKey(key), CachedResponseCodec.Encode(response, _time.GetUtcNow() + ttl), ttl).WaitAsync(ct);

    private IDatabase Database =>
        (_connection ?? throw new InvalidOperationException("The Redis proxy cache was used before InitializeAsync.")).GetDatabase();

    private static RedisKey RedisKey(string key) => KeyPrefix + key;

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }
}

using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Braintrust.Traced.Server.Proxy.Cache;

/// <summary>
/// The cache in Redis (<c>Proxy:Cache:Redis</c> = <c>host:port</c>), shared by several server instances. Entries
/// expire in Redis itself (SET … PX); a small pool of connections serves concurrent requests, and a connection that
/// failed mid-command is dropped rather than reused in an unknown state.
/// </summary>
internal sealed class RedisProxyCache : IProxyCache
{
    private const string KeyPrefix = "bt-traced:proxy:";
    private const int MaxIdleConnections = 16;
    private readonly string _host;
    private readonly int _port;
    private readonly string? _password;
    private readonly TimeProvider _time;
    private readonly ConcurrentBag<RedisConnection> _idle = [];

    public RedisProxyCache(string endpoint, string? password, TimeProvider time)
    {
        var colon = endpoint.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(endpoint.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out _port)
            || _port is < 1 or > 65535)
        {
            throw new InvalidOperationException($"Proxy:Cache:Redis must be host:port (was '{endpoint}').");
        }
        _host = endpoint[..colon].Trim('[', ']');
        _password = password;
        _time = time;
        Description = $"Redis {_host}:{_port}";
    }

    public string Description { get; }

    /// <summary>Checks the server answers (and the password is right) so a misconfiguration fails the start.</summary>
    public Task InitializeAsync(CancellationToken ct) => RunAsync(ct, "PING"u8.ToArray());

    public async Task<CachedResponse?> GetAsync(string key, CancellationToken ct)
        => await RunAsync(ct, "GET"u8.ToArray(), RedisKey(key)) is { } value ? CachedResponseCodec.Decode(value, _time.GetUtcNow()) : null;

    public Task SetAsync(string key, string orgId, CachedResponse response, TimeSpan ttl, CancellationToken ct)
        => RunAsync(ct, "SET"u8.ToArray(), RedisKey(key), CachedResponseCodec.Encode(response, _time.GetUtcNow() + ttl), "PX"u8.ToArray(),
            Encoding.ASCII.GetBytes(((long)ttl.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)));

    private static byte[] RedisKey(string key) => Encoding.ASCII.GetBytes(KeyPrefix + key);

    private async Task<byte[]?> RunAsync(CancellationToken ct, params byte[][] command)
    {
        var connection = _idle.TryTake(out var idle) ? idle : await RedisConnection.OpenAsync(_host, _port, _password, ct);
        try
        {
            var reply = await connection.CommandAsync(ct, command);
            if (_idle.Count < MaxIdleConnections)
            {
                _idle.Add(connection);
            }
            else
            {
                await connection.DisposeAsync();
            }
            return reply;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        while (_idle.TryTake(out var connection))
        {
            await connection.DisposeAsync();
        }
    }
}

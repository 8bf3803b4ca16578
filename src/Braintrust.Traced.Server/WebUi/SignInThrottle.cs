using System.Net;
using System.Net.Sockets;

namespace Braintrust.Traced.Server.WebUi;

/// <summary>
/// Throttles failed sign-ins per client address. Each attempt reserves a slot <em>before</em> its key is checked (so
/// a burst of parallel guesses cannot slip past while the slow PBKDF2 check runs); a successful sign-in clears the
/// client's record. Counting is per client, so one client's failures never block another's sign-in. IPv6 clients are
/// counted per /64, the block one subscriber usually gets, or rotating addresses inside it would reset the count.
/// The count is per server process: several instances each allow the budget, which still bounds guessing.
/// </summary>
internal sealed class SignInThrottle(SignInThrottleOptions options, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Bucket> _clients = new(StringComparer.Ordinal);

    /// <summary>Reserves an attempt for the client; when its budget is spent, returns how long until the next one.</summary>
    public TimeSpan? TryReserve(IPAddress? address)
    {
        var client = ClientKey(address);
        var now = time.GetUtcNow();
        lock (_gate)
        {
            var used = _clients.TryGetValue(client, out var bucket) ? bucket.UsedAt(now, options.RecoveryInterval) : 0;
            if (used + 1 > options.FreeAttempts)
            {
                var wait = (used + 1 - options.FreeAttempts) * options.RecoveryInterval.TotalSeconds;
                return TimeSpan.FromSeconds(Math.Ceiling(wait));
            }
            if (_clients.Count >= options.MaxTrackedClients && !_clients.ContainsKey(client))
            {
                Evict(now);
            }
            _clients[client] = new Bucket(used + 1, now);
            return null;
        }
    }

    /// <summary>A correct key: the client's failures are forgiven.</summary>
    public void Succeeded(IPAddress? address)
    {
        lock (_gate)
        {
            _clients.Remove(ClientKey(address));
        }
    }

    private void Evict(DateTimeOffset now)
    {
        foreach (var (client, bucket) in _clients.ToList())
        {
            if (bucket.UsedAt(now, options.RecoveryInterval) <= 0)
            {
                _clients.Remove(client);
            }
        }
        if (_clients.Count >= options.MaxTrackedClients)
        {
            // Still full of active guessers: forget the stalest half rather than grow without bound.
            foreach (var client in _clients.OrderBy(c => c.Value.Updated).Take(_clients.Count / 2).Select(c => c.Key).ToList())
            {
                _clients.Remove(client);
            }
        }
    }

    private static string ClientKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    /// <summary>Attempts used (fractional while recovering) as of <see cref="Updated"/>.</summary>
    private readonly record struct Bucket(double Used, DateTimeOffset Updated)
    {
        public double UsedAt(DateTimeOffset now, TimeSpan recovery)
            => Math.Max(0, Used - (now - Updated).TotalSeconds / recovery.TotalSeconds);
    }
}

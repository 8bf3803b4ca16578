using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Braintrust.Traced.Server.WebUi;

/// <summary>
/// Server-side sessions of the web UI. The browser holds only a random token (in an HttpOnly cookie); the server
/// keeps a SHA-256 of it, so a memory dump does not yield usable cookies. Sessions live in memory: a restart signs
/// browsers out, which is the safe direction. Sign-out deletes the session, so a copied cookie stops working.
/// </summary>
internal sealed class UiSessionStore(UiSessionOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, UiSession> _sessions = new(StringComparer.Ordinal);

    public (string Token, UiSession Session) Create()
    {
        RemoveExpired();
        if (_sessions.Count >= options.MaxSessions)
        {
            // Bounded memory: the least recently used session goes first.
            var oldest = _sessions.OrderBy(s => s.Value.LastSeen).First();
            _sessions.TryRemove(oldest.Key, out _);
        }
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var session = new UiSession(time.GetUtcNow());
        _sessions[Digest(token)] = session;
        return (token, session);
    }

    /// <summary>The live session of a cookie token, or null when unknown, expired or signed out.</summary>
    public UiSession? Find(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return null;
        }
        var digest = Digest(token);
        if (!_sessions.TryGetValue(digest, out var session))
        {
            return null;
        }
        var now = time.GetUtcNow();
        if (IsExpired(session, now) || session.Orgs.Count == 0)
        {
            _sessions.TryRemove(digest, out _);
            return null;
        }
        session.Touch(now);
        return session;
    }

    public void Delete(string? token)
    {
        if (!string.IsNullOrEmpty(token))
        {
            _sessions.TryRemove(Digest(token), out _);
        }
    }

    private bool IsExpired(UiSession session, DateTimeOffset now)
        => now - session.LastSeen > options.IdleTimeout || now - session.Created > options.AbsoluteLifetime;

    private void RemoveExpired()
    {
        var now = time.GetUtcNow();
        foreach (var (digest, session) in _sessions)
        {
            if (IsExpired(session, now))
            {
                _sessions.TryRemove(digest, out _);
            }
        }
    }

    private static string Digest(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}

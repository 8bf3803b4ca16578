using System.Data.Common;
using Braintrust.Traced.Server.Auth;

namespace Braintrust.Traced.Server.WebUi.Sessions;

/// <summary>
/// Server-side sessions of the web UI, kept in the server's database so they survive restarts and are shared by
/// every instance on one PostgreSQL. The browser holds only a random token (in an HttpOnly cookie); the table holds
/// a SHA-256 of it. Sessions expire after <see cref="UiSessionOptions.IdleTimeout"/> without use (sliding) and
/// after <see cref="UiSessionOptions.AbsoluteLifetime"/> whatever happens; sign-out deletes the row.
/// </summary>
internal sealed class UiSessionStore(UiSessionDatabase database, UiSessionOptions options, TimeProvider time)
{
    private const int PurgeEveryCreates = 64;
    private int _creates;

    /// <summary>Creates a session signed into one org and returns the cookie token (never stored).</summary>
    public async Task<(string Token, UiSession Session)> CreateAsync(CallerIdentity caller, CancellationToken ct)
    {
        if (Interlocked.Increment(ref _creates) % PurgeEveryCreates == 1)
        {
            await PurgeExpiredAsync(ct);
        }
        var token = UiSessionToken.New();
        var hash = UiSessionToken.Hash(token);
        var now = time.GetUtcNow();
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await ExecuteAsync(connection, tx, "INSERT INTO ui_sessions (token_hash, created_ms, last_seen_ms) VALUES (@h, @now, @now)", ct,
            ("@h", hash), ("@now", now.ToUnixTimeMilliseconds()));
        await UpsertOrgAsync(connection, tx, hash, caller, now, ct);
        await tx.CommitAsync(ct);
        return (token, new UiSession(hash, now, now, [caller]));
    }

    /// <summary>
    /// The live session of a cookie token, or null when unknown, expired or signed out of every org. Using a session
    /// slides its idle expiry; the write happens at most once per <see cref="UiSessionOptions.TouchInterval"/>, so
    /// browsing does not turn every read into a database write.
    /// </summary>
    public async Task<UiSession?> FindAsync(string? token, CancellationToken ct)
    {
        if (!UiSessionToken.LooksValid(token))
        {
            return null;
        }
        var hash = UiSessionToken.Hash(token!);
        await using var connection = await database.OpenAsync(ct);
        var session = await ReadAsync(connection, hash, ct);
        if (session is null)
        {
            return null;
        }
        var now = time.GetUtcNow();
        if (options.IsExpired(session.Created, session.LastSeen, now) || session.Orgs.Count == 0)
        {
            await DeleteAsync(connection, hash, ct);
            return null;
        }
        if (now - session.LastSeen >= options.TouchInterval)
        {
            await ExecuteAsync(connection, null, "UPDATE ui_sessions SET last_seen_ms = @now WHERE token_hash = @h", ct,
                ("@h", hash), ("@now", now.ToUnixTimeMilliseconds()));
            session = session with { LastSeen = now };
        }
        return session;
    }

    /// <summary>Adds an org to a session (or replaces its key, when the same org signs in again with another key).</summary>
    public async Task<UiSession> SignInAsync(UiSession session, CallerIdentity caller, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await UpsertOrgAsync(connection, null, session.TokenHash, caller, time.GetUtcNow(), ct);
        return await ReadAsync(connection, session.TokenHash, ct) ?? session;
    }

    /// <summary>Signs a session out of one org; when none is left the whole session is deleted. Returns what remains.</summary>
    public async Task<UiSession?> SignOutAsync(UiSession session, string orgId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await ExecuteAsync(connection, null, "DELETE FROM ui_session_orgs WHERE token_hash = @h AND org_id = @o", ct,
            ("@h", session.TokenHash), ("@o", orgId));
        var remaining = await ReadAsync(connection, session.TokenHash, ct);
        if (remaining is { Orgs.Count: 0 })
        {
            await DeleteAsync(connection, session.TokenHash, ct);
            return null;
        }
        return remaining;
    }

    /// <summary>Sign-out: the row goes, so a copied cookie stops working everywhere at once.</summary>
    public async Task DeleteAsync(UiSession session, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await DeleteAsync(connection, session.TokenHash, ct);
    }

    /// <summary>Expired sessions are never honoured (checked on read); this only reclaims their rows.</summary>
    public async Task PurgeExpiredAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        const string expired = "SELECT token_hash FROM ui_sessions WHERE last_seen_ms < @idle OR created_ms < @absolute";
        (string, object)[] bounds =
        [
            ("@idle", (now - options.IdleTimeout).ToUnixTimeMilliseconds()),
            ("@absolute", (now - options.AbsoluteLifetime).ToUnixTimeMilliseconds()),
        ];
        await ExecuteAsync(connection, tx, $"DELETE FROM ui_session_orgs WHERE token_hash IN ({expired})", ct, bounds);
        await ExecuteAsync(connection, tx, "DELETE FROM ui_sessions WHERE last_seen_ms < @idle OR created_ms < @absolute", ct, bounds);
        await tx.CommitAsync(ct);
    }

    private static async Task<UiSession?> ReadAsync(DbConnection connection, string hash, CancellationToken ct)
    {
        await using var command = UiSessionDatabase.Command(connection, null, """
            SELECT s.created_ms, s.last_seen_ms, o.org_id, o.org_name, o.key_id
            FROM ui_sessions s LEFT JOIN ui_session_orgs o ON o.token_hash = s.token_hash
            WHERE s.token_hash = @h
            ORDER BY o.signed_in_ms, o.org_id
            """, ("@h", hash));
        await using var reader = await command.ExecuteReaderAsync(ct);
        DateTimeOffset? created = null;
        var lastSeen = DateTimeOffset.MinValue;
        var orgs = new List<CallerIdentity>();
        while (await reader.ReadAsync(ct))
        {
            created ??= DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0));
            lastSeen = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1));
            if (!reader.IsDBNull(2))
            {
                orgs.Add(new CallerIdentity(reader.GetString(2), reader.GetString(3), reader.GetString(4)));
            }
        }
        return created is { } c ? new UiSession(hash, c, lastSeen, orgs) : null;
    }

    private static Task UpsertOrgAsync(DbConnection connection, DbTransaction? tx, string hash, CallerIdentity caller, DateTimeOffset now, CancellationToken ct)
        => ExecuteAsync(connection, tx, """
            INSERT INTO ui_session_orgs (token_hash, org_id, org_name, key_id, signed_in_ms) VALUES (@h, @o, @n, @k, @t)
            ON CONFLICT (token_hash, org_id) DO UPDATE SET org_name = excluded.org_name, key_id = excluded.key_id, signed_in_ms = excluded.signed_in_ms
            """, ct, ("@h", hash), ("@o", caller.OrgId), ("@n", caller.OrgName), ("@k", caller.KeyId), ("@t", now.ToUnixTimeMilliseconds()));

    private static async Task DeleteAsync(DbConnection connection, string hash, CancellationToken ct)
    {
        await using var tx = await connection.BeginTransactionAsync(ct);
        await ExecuteAsync(connection, tx, "DELETE FROM ui_session_orgs WHERE token_hash = @h", ct, ("@h", hash));
        await ExecuteAsync(connection, tx, "DELETE FROM ui_sessions WHERE token_hash = @h", ct, ("@h", hash));
        await tx.CommitAsync(ct);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = UiSessionDatabase.Command(connection, tx, sql, parameters);
        await command.ExecuteNonQueryAsync(ct);
    }
}

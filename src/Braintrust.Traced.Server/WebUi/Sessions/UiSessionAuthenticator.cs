using Braintrust.Traced.Server.Storage;

namespace Braintrust.Traced.Server.WebUi.Sessions;

/// <summary>
/// Resolves a cookie to the session it may still use: the stored session minus every org whose API key has been
/// revoked since sign-in (that org is signed out of the session; with none left, the session row is deleted). The key
/// is re-read on every request, so revoking it (from this server, another instance, or the CLI) ends the browser's
/// access at its very next request.
/// </summary>
internal sealed class UiSessionAuthenticator(UiSessionStore sessions, IAccountStore accounts)
{
    public async Task<UiSession?> AuthenticateAsync(string? token, CancellationToken ct)
    {
        var session = await sessions.FindAsync(token, ct);
        if (session is null)
        {
            return null;
        }
        foreach (var org in session.Orgs)
        {
            var key = await accounts.FindApiKeyAsync(org.KeyId, ct);
            if (key is null || key.Revoked is not null || key.OrgId != org.OrgId)
            {
                session = await sessions.SignOutAsync(session, org.OrgId, ct);
                if (session is null)
                {
                    return null;
                }
            }
        }
        return session;
    }
}

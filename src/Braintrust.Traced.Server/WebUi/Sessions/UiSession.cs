using Braintrust.Traced.Server.Auth;

namespace Braintrust.Traced.Server.WebUi.Sessions;

/// <summary>
/// One browser's sign-in as read from the database: the orgs it signed into (one API key each, identified by key id
/// only; the key itself is never kept), in sign-in order, and its timestamps for the sliding and absolute expiry.
/// <see cref="TokenHash"/> is the row's key; the token itself exists only in the browser's cookie.
/// </summary>
internal sealed record UiSession(string TokenHash, DateTimeOffset Created, DateTimeOffset LastSeen, IReadOnlyList<CallerIdentity> Orgs);

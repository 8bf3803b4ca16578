using Braintrust.Traced.Server.Auth;

namespace Braintrust.Traced.Server.WebUi;

/// <summary>
/// One browser's sign-in: the orgs it signed into (one API key each, identified by key id only; the key itself is
/// never kept) and when it expires. A browser may add several orgs, which is what the org picker switches between.
/// </summary>
internal sealed class UiSession(DateTimeOffset created)
{
    private readonly Lock _gate = new();
    private readonly List<CallerIdentity> _orgs = [];

    public DateTimeOffset Created { get; } = created;

    public DateTimeOffset LastSeen { get; private set; } = created;

    public IReadOnlyList<CallerIdentity> Orgs
    {
        get
        {
            lock (_gate)
            {
                return _orgs.ToList();
            }
        }
    }

    /// <summary>Adds (or replaces, when the same org signs in again with another key) an org of this session.</summary>
    public void SignIn(CallerIdentity caller)
    {
        lock (_gate)
        {
            _orgs.RemoveAll(o => o.OrgId == caller.OrgId);
            _orgs.Add(caller);
        }
    }

    public void SignOut(string orgId)
    {
        lock (_gate)
        {
            _orgs.RemoveAll(o => o.OrgId == orgId);
        }
    }

    public void Touch(DateTimeOffset now) => LastSeen = now;
}

namespace Braintrust.Traced.Server.WebUi;

/// <summary>
/// Headers the UI's own scripts send. A custom header cannot be attached to a cross-site form post or image load,
/// and a cross-origin fetch with one needs a CORS preflight this server never grants: requiring it on every
/// cookie-authenticated write is the CSRF defence on top of SameSite=Strict.
/// </summary>
internal static class UiRequestHeaders
{
    /// <summary>Which of the session's orgs the request acts for (the org picker's choice).</summary>
    public const string Org = "X-Braintrust-Org";

    /// <summary>The same choice as a query parameter, for EventSource, which cannot send headers (GET only).</summary>
    public const string OrgQueryParameter = "bt_org";

    /// <summary>Marks a request as made by the UI's scripts (required on cookie-authenticated writes).</summary>
    public const string FromUi = "X-Braintrust-UI";
}

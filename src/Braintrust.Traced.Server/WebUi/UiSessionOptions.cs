namespace Braintrust.Traced.Server.WebUi;

/// <summary>How long a browser stays signed in, and how many sessions the server keeps.</summary>
internal sealed record UiSessionOptions(TimeSpan IdleTimeout, TimeSpan AbsoluteLifetime, int MaxSessions)
{
    public static UiSessionOptions Default { get; } = new(TimeSpan.FromHours(12), TimeSpan.FromDays(7), 10_000);
}

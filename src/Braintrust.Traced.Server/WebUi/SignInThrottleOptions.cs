namespace Braintrust.Traced.Server.WebUi;

/// <summary>
/// How many failed sign-ins a client gets: <see cref="FreeAttempts"/> in a row, then one more every
/// <see cref="RecoveryInterval"/> (a leaky bucket). <see cref="MaxTrackedClients"/> bounds the memory an attacker
/// spraying from many addresses can make the server use.
/// </summary>
internal sealed record SignInThrottleOptions(int FreeAttempts, TimeSpan RecoveryInterval, int MaxTrackedClients)
{
    public static SignInThrottleOptions Default { get; } = new(5, TimeSpan.FromSeconds(30), 50_000);
}

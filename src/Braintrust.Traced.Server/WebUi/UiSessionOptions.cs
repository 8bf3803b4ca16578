using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Braintrust.Traced.Server.WebUi;

/// <summary>
/// How long a browser stays signed in: <see cref="IdleTimeout"/> after its last request (sliding), and never longer
/// than <see cref="AbsoluteLifetime"/> after sign-in. <see cref="TouchInterval"/> is how stale the stored "last seen"
/// may get before a request rewrites it (one write a minute per active browser instead of one per request).
/// Operators set the two lifetimes with <c>BRAINTRUST_TRACED_UI_SESSION_IDLE_SECONDS</c> and
/// <c>BRAINTRUST_TRACED_UI_SESSION_MAX_SECONDS</c>.
/// </summary>
internal sealed record UiSessionOptions(TimeSpan IdleTimeout, TimeSpan AbsoluteLifetime, TimeSpan TouchInterval)
{
    public const string IdleSetting = "BRAINTRUST_TRACED_UI_SESSION_IDLE_SECONDS";
    public const string MaxSetting = "BRAINTRUST_TRACED_UI_SESSION_MAX_SECONDS";

    public static UiSessionOptions Default { get; } = new(TimeSpan.FromHours(12), TimeSpan.FromDays(7), TimeSpan.FromMinutes(1));

    public static UiSessionOptions From(IConfiguration configuration)
    {
        var idle = Seconds(configuration, IdleSetting, Default.IdleTimeout);
        var max = Seconds(configuration, MaxSetting, Default.AbsoluteLifetime);
        // Renewing "last seen" must happen well within the idle timeout, or an active browser could be timed out.
        var touch = TimeSpan.FromTicks(Math.Min(Default.TouchInterval.Ticks, idle.Ticks / 10));
        return new UiSessionOptions(idle, max, touch);
    }

    public bool IsExpired(DateTimeOffset created, DateTimeOffset lastSeen, DateTimeOffset now)
        => now - lastSeen > IdleTimeout || now - created > AbsoluteLifetime;

    /// <summary>What is left of a session's absolute lifetime: the cookie's Max-Age, so the browser forgets it in time.</summary>
    public TimeSpan Remaining(DateTimeOffset created, DateTimeOffset now)
    {
        var left = AbsoluteLifetime - (now - created);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    private static TimeSpan Seconds(IConfiguration configuration, string name, TimeSpan fallback)
    {
        if (configuration[name] is not { Length: > 0 } text)
        {
            return fallback;
        }
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds >= 1
            ? TimeSpan.FromSeconds(seconds)
            : throw new InvalidOperationException($"{name} must be a whole number of seconds, at least 1 (was '{text}').");
    }
}

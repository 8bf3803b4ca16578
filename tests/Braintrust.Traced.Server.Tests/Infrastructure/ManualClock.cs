namespace Braintrust.Traced.Server.Tests.Infrastructure;

/// <summary>A clock that moves only when a test advances it.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;

    public double UnixSeconds => _now.ToUnixTimeMilliseconds() / 1000.0;
}

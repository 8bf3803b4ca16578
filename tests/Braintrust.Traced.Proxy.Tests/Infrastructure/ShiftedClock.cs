namespace Braintrust.Traced.Proxy.Tests.Infrastructure;

/// <summary>
/// The system clock, moved forward by what tests <see cref="Advance"/> it. An expiry test moves it past the expiry
/// instead of sleeping until then, so nothing depends on how fast a loaded machine runs the requests in between.
/// </summary>
internal sealed class ShiftedClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}

namespace Braintrust.Traced.UI.Tests.Infrastructure;

/// <summary>
/// A clock that stands still until the test moves it: session lifetimes are checked at exact ages, however long a
/// loaded machine takes for the requests in between. Starts at the current whole second (the server stores
/// milliseconds, so no sub-millisecond rest can tip an age over a limit).
/// </summary>
internal sealed class ManualClock : TimeProvider
{
    private long _utcTicks = DateTime.UtcNow.Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _utcTicks, by.Ticks);
}

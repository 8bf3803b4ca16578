using Microsoft.Extensions.Time.Testing;

namespace Braintrust.Traced.Server.Tests.Infrastructure;

/// <summary>
/// <see cref="FreshProjectStoreTests"/> on a store whose clock the test moves: the times it stamps (last_heard) and
/// "now" are exact, and time passes without sleeping.
/// </summary>
public abstract class FakeClockStoreTests : FreshProjectStoreTests
{
    /// <summary>The server's default running timeout (BRAINTRUST_TRACED_RUNNING_TIMEOUT).</summary>
    protected static readonly TimeSpan RunningTimeout = TimeSpan.FromMinutes(5);

    protected FakeClockStoreTests(StoreBackend backend, string orgPrefix)
        : this(backend, orgPrefix, new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 4, 0, 0, TimeSpan.Zero)))
    {
    }

    private FakeClockStoreTests(StoreBackend backend, string orgPrefix, FakeTimeProvider clock)
        : base(backend, orgPrefix, clock)
        => Clock = clock;

    /// <summary>The store's clock.</summary>
    protected FakeTimeProvider Clock { get; }
}

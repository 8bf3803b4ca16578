using System.Net;
using Braintrust.Traced.Server.WebUi;
using Microsoft.Extensions.Time.Testing;

namespace Braintrust.Traced.Server.Tests.WebUi;

/// <summary>
/// The sign-in throttle's counting rules that the browser tests cannot reach: IPv6 clients counted per /64,
/// IPv4-mapped addresses counted as IPv4, recovery over time, and the memory bound under address spraying.
/// </summary>
public sealed class SignInThrottleTests
{
    private static readonly SignInThrottleOptions ThreeAttempts = new(3, TimeSpan.FromSeconds(30), 50_000);

    [Test]
    public void Addresses_in_one_ipv6_64_block_share_one_budget()
    {
        var throttle = new SignInThrottle(ThreeAttempts, new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));

        SpendBudget(throttle, IPAddress.Parse("2001:db8:1:2::1"), 3);

        Assert.That(throttle.TryReserve(IPAddress.Parse("2001:db8:1:2:ffff::9")), Is.EqualTo(TimeSpan.FromSeconds(30)),
            "a rotated address inside the same /64 must not get a fresh budget");
        Assert.That(throttle.TryReserve(IPAddress.Parse("2001:db8:1:3::1")), Is.Null,
            "the neighbouring /64 is another subscriber");
    }

    [Test]
    public void An_ipv4_mapped_ipv6_address_counts_as_the_ipv4_address()
    {
        var throttle = new SignInThrottle(ThreeAttempts, new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));

        SpendBudget(throttle, IPAddress.Parse("192.0.2.7"), 3);

        Assert.That(throttle.TryReserve(IPAddress.Parse("::ffff:192.0.2.7")), Is.Not.Null);
    }

    [Test]
    public void A_spent_budget_recovers_one_attempt_per_interval_and_a_success_clears_it()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var throttle = new SignInThrottle(ThreeAttempts, clock);
        var client = IPAddress.Parse("198.51.100.4");

        SpendBudget(throttle, client, 3);
        Assert.That(throttle.TryReserve(client), Is.EqualTo(TimeSpan.FromSeconds(30)));

        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.That(throttle.TryReserve(client), Is.Null, "one attempt recovered after one interval");
        Assert.That(throttle.TryReserve(client), Is.EqualTo(TimeSpan.FromSeconds(30)));

        throttle.Succeeded(client);
        Assert.That(throttle.TryReserve(client), Is.Null, "a correct key forgives earlier failures");
    }

    [Test]
    public void Spraying_from_many_addresses_keeps_admitting_new_clients_within_the_memory_bound()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var throttle = new SignInThrottle(new SignInThrottleOptions(1, TimeSpan.FromMinutes(10), 4), clock);

        for (var i = 1; i <= 20; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            Assert.That(throttle.TryReserve(IPAddress.Parse($"203.0.113.{i}")), Is.Null, $"client {i} was refused");
        }
        Assert.That(throttle.TryReserve(IPAddress.Parse("203.0.113.20")), Is.Not.Null,
            "the most recent client is still tracked after the stalest were forgotten");
    }

    private static void SpendBudget(SignInThrottle throttle, IPAddress client, int attempts)
    {
        for (var i = 0; i < attempts; i++)
        {
            Assert.That(throttle.TryReserve(client), Is.Null, $"attempt {i + 1} of the free budget was refused");
        }
    }

}

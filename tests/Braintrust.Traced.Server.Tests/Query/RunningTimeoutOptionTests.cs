using Braintrust.Traced.Server.Hosting;
using Microsoft.Extensions.Configuration;

namespace Braintrust.Traced.Server.Tests.Query;

/// <summary>BRAINTRUST_TRACED_RUNNING_TIMEOUT: how long a span without an end counts as running after the server last heard of it.</summary>
public sealed class RunningTimeoutOptionTests
{
    [TestCase(null, 300)]
    [TestCase("1", 1)]
    [TestCase("900", 900)]
    [TestCase("00:10:00", 600)]
    public void The_timeout_is_read_in_seconds_or_as_a_time_span(string? value, int expectedSeconds)
        => Assert.That(Options(value).RunningTimeout, Is.EqualTo(TimeSpan.FromSeconds(expectedSeconds)));

    [TestCase("0")]
    [TestCase("-5")]
    [TestCase("5 minutes")]
    [TestCase("00:00:00.5")]
    public void A_bad_timeout_stops_the_server_with_an_error_naming_the_setting(string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Options(value));
        Assert.That(error!.Message, Does.StartWith("BRAINTRUST_TRACED_RUNNING_TIMEOUT must be").And.Contain($"'{value}'"));
    }

    private static ServerOptions Options(string? timeout)
        => ServerOptions.From(new ConfigurationBuilder()
            .AddInMemoryCollection(timeout is null ? [] : [new KeyValuePair<string, string?>("BRAINTRUST_TRACED_RUNNING_TIMEOUT", timeout)])
            .Build());
}

using Braintrust.Traced.Samples.Tests.Infrastructure;

namespace Braintrust.Traced.Samples.Tests.Samples;

/// <summary>One real server for every sample test (each sample logs to its own project), started once to keep the suite quick.</summary>
[SetUpFixture]
public sealed class SharedServer
{
    private static RunningServer? s_server;

    internal static RunningServer Server => s_server ?? throw new InvalidOperationException("the shared server is not started");

    [OneTimeSetUp]
    public async Task StartAsync() => s_server = await RunningServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (s_server is not null)
        {
            await s_server.DisposeAsync();
        }
    }
}

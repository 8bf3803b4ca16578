namespace Braintrust.Traced.Tests.Infrastructure;

/// <summary>Loggers wired to a <see cref="FakeBraintrustServer"/> (the real HTTP path) or to an <see cref="InMemorySpanExporter"/>.</summary>
internal static class TestLoggers
{
    public static BraintrustOptions HttpOptions(FakeBraintrustServer server) => new()
    {
        ApiKey = FakeBraintrustServer.ApiKey,
        AppUrl = server.Url,
        FlushInterval = TimeSpan.FromMilliseconds(20),
        InitialRetryDelay = TimeSpan.FromMilliseconds(20),
        MaxRetryDelay = TimeSpan.FromMilliseconds(200),
        RequestTimeout = TimeSpan.FromSeconds(10),
    };

    public static BraintrustLogger ForServer(FakeBraintrustServer server, string project = "runtime-tests", Action<BraintrustOptions>? configure = null)
    {
        var options = HttpOptions(server);
        configure?.Invoke(options);
        return BraintrustLogger.Init(project, options);
    }

    public static BraintrustLogger InMemory(InMemorySpanExporter exporter, Action<BraintrustOptions>? configure = null)
    {
        var options = new BraintrustOptions { Exporter = exporter, FlushInterval = TimeSpan.FromMilliseconds(20) };
        configure?.Invoke(options);
        return BraintrustLogger.Init("in-memory", options);
    }
}

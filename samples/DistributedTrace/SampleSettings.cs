using Braintrust.Traced;

namespace DistributedTrace;

/// <summary>What both processes share: the project (one trace must be in one project) and the server.</summary>
public static class SampleSettings
{
    public const string ProjectName = "distributed-trace";

    /// <summary>The key comes from BRAINTRUST_API_KEY; the URL defaults to a local server rather than braintrust.dev.</summary>
    public static void Configure(BraintrustOptions options) =>
        options.AppUrl = Environment.GetEnvironmentVariable("BRAINTRUST_APP_URL") is { Length: > 0 } url ? url : "http://localhost:5000";
}

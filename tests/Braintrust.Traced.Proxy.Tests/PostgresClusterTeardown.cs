using Braintrust.Traced.Server.Tests.Infrastructure;

namespace Braintrust.Traced.Proxy.Tests;

/// <summary>Stops the shared PostgreSQL test cluster (if a test started it) once every test of this assembly has run.</summary>
[SetUpFixture]
public sealed class PostgresClusterTeardown
{
    [OneTimeTearDown]
    public void StopCluster() => PostgresCluster.StopIfStarted();
}

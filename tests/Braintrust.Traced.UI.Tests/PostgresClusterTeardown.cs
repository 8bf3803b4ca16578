using Braintrust.Traced.Server.Tests.Infrastructure;

namespace Braintrust.Traced.UI.Tests;

/// <summary>
/// Stops the shared PostgreSQL test cluster once every test in the assembly has run. It sits in the root test
/// namespace because NUnit runs a set-up fixture only around the tests of its own namespace and below.
/// </summary>
[SetUpFixture]
public sealed class PostgresClusterTeardown
{
    [OneTimeTearDown]
    public void StopCluster() => PostgresCluster.StopIfStarted();
}

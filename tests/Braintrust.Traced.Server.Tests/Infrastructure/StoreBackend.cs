namespace Braintrust.Traced.Server.Tests.Infrastructure;

/// <summary>The storage backends the shared storage suite runs against.</summary>
public enum StoreBackend
{
    Sqlite,
    Postgres,
}

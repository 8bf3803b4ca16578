namespace Braintrust.Traced.Proxy.Tests.Infrastructure;

/// <summary>Where the proxy cache lives in a test run.</summary>
public enum CacheBackend
{
    Database,
    Redis,
}

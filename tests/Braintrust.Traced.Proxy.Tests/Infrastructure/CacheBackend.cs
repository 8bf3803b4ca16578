namespace Braintrust.Traced.Proxy.Tests.Infrastructure;

/// <summary>Where the proxy cache lives in a test run.</summary>
public enum CacheBackend
{
    /// <summary>The server's database alone (the in-memory front turned off, so the table itself is tested).</summary>
    Database,

    /// <summary>The server on PostgreSQL, cache table there (in-memory front off).</summary>
    Postgres,

    /// <summary>Redis alone (in-memory front off).</summary>
    Redis,

    /// <summary>The default: the database behind the bounded in-memory front.</summary>
    MemoryFrontedDatabase,
}

namespace Braintrust.Traced.Server.Proxy.Cache;

/// <summary>
/// The proxy's own schema steps, tracked in their own version table so they never collide with the server's
/// migrations. Steps are append-only: a released step is never edited, a change is a new step.
/// </summary>
internal static class ProxyCacheMigrations
{
    public const string VersionTable = "proxy_schema_migrations";

    public static readonly IReadOnlyList<(int Version, string Sql)> Sqlite =
    [
        (1, """
            CREATE TABLE IF NOT EXISTS proxy_cache (
                key TEXT PRIMARY KEY,
                org_id TEXT NOT NULL,
                value BLOB NOT NULL,
                expires_ms INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS proxy_cache_expires ON proxy_cache (expires_ms)
            """),
    ];

    public static readonly IReadOnlyList<(int Version, string Sql)> Postgres =
    [
        (1, """
            CREATE TABLE IF NOT EXISTS proxy_cache (
                key TEXT PRIMARY KEY,
                org_id TEXT NOT NULL,
                value BYTEA NOT NULL,
                expires_ms BIGINT NOT NULL);
            CREATE INDEX IF NOT EXISTS proxy_cache_expires ON proxy_cache (expires_ms)
            """),
    ];
}

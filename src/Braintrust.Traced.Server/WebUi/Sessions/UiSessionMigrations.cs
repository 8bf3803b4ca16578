namespace Braintrust.Traced.Server.WebUi.Sessions;

/// <summary>
/// The web UI's own schema steps, tracked in their own version table so they never collide with the span store's
/// or the proxy cache's migrations. Steps are append-only: a released step is never edited, a change is a new step.
/// Only a SHA-256 of each session token is stored, so reading the table does not yield a usable cookie.
/// </summary>
internal static class UiSessionMigrations
{
    public const string VersionTable = "ui_schema_migrations";

    // The same SQL runs on SQLite and PostgreSQL: TEXT and BIGINT mean the same on both.
    private const string V1 = """
        CREATE TABLE IF NOT EXISTS ui_sessions (
            token_hash TEXT PRIMARY KEY,
            created_ms BIGINT NOT NULL,
            last_seen_ms BIGINT NOT NULL);
        CREATE INDEX IF NOT EXISTS ui_sessions_last_seen ON ui_sessions (last_seen_ms);
        CREATE TABLE IF NOT EXISTS ui_session_orgs (
            token_hash TEXT NOT NULL,
            org_id TEXT NOT NULL,
            org_name TEXT NOT NULL,
            key_id TEXT NOT NULL,
            signed_in_ms BIGINT NOT NULL,
            PRIMARY KEY (token_hash, org_id));
        CREATE INDEX IF NOT EXISTS ui_session_orgs_key ON ui_session_orgs (key_id)
        """;

    public static readonly IReadOnlyList<(int Version, string Sql)> Steps = [(1, V1)];
}

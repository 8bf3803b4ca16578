namespace Braintrust.Traced.Server.Storage.Sqlite;

/// <summary>
/// Versioned schema steps. Append only: a released step is never edited, so an upgrade replays only the new
/// ones and never loses data. Applied versions are recorded in <c>schema_migrations</c>.
/// </summary>
internal static class SqliteMigrations
{
    public static readonly IReadOnlyList<(int Version, string Sql)> Steps =
    [
        (1, """
            CREATE TABLE orgs (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                created TEXT NOT NULL);
            CREATE TABLE api_keys (
                key_id TEXT PRIMARY KEY,
                org_id TEXT NOT NULL REFERENCES orgs(id),
                name TEXT NOT NULL,
                salt BLOB NOT NULL,
                hash BLOB NOT NULL,
                iterations INTEGER NOT NULL,
                created TEXT NOT NULL,
                revoked TEXT NULL);
            CREATE TABLE projects (
                id TEXT PRIMARY KEY,
                org_id TEXT NOT NULL REFERENCES orgs(id),
                name TEXT NOT NULL,
                description TEXT NULL,
                created TEXT NOT NULL,
                UNIQUE (org_id, name));
            CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
            INSERT INTO counters (name, value) VALUES ('xact', 0);
            CREATE TABLE spans (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                project_id TEXT NOT NULL,
                log_id TEXT NOT NULL,
                id TEXT NOT NULL,
                xact_id INTEGER NOT NULL,
                is_partial INTEGER NOT NULL,
                is_visible INTEGER NOT NULL,
                span_id TEXT NULL,
                root_span_id TEXT NULL,
                parent_span_id TEXT NULL,
                is_root INTEGER NOT NULL,
                name TEXT NULL,
                span_type TEXT NULL,
                start_ts REAL NULL,
                end_ts REAL NULL,
                sort_ts REAL NOT NULL,
                has_error INTEGER NOT NULL,
                prompt_tokens REAL NULL,
                completion_tokens REAL NULL,
                tokens REAL NULL,
                created TEXT NOT NULL,
                data TEXT NOT NULL,
                UNIQUE (project_id, log_id, id));
            -- Newest-first root list (keyset): the UI's landing query.
            CREATE INDEX spans_roots ON spans (project_id, sort_ts DESC, id DESC) WHERE is_root = 1;
            -- One trace's spans; per-trace aggregates.
            CREATE INDEX spans_trace ON spans (project_id, root_span_id);
            CREATE INDEX spans_span_id ON spans (project_id, span_id);
            -- Live stream: changes after a transaction id.
            CREATE INDEX spans_xact ON spans (project_id, xact_id);
            -- Monitor: spans by time.
            CREATE INDEX spans_time ON spans (project_id, sort_ts);
            CREATE TABLE comments (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                project_id TEXT NOT NULL,
                log_id TEXT NOT NULL,
                id TEXT NOT NULL,
                origin_id TEXT NOT NULL,
                text TEXT NOT NULL,
                created TEXT NOT NULL,
                audit_source TEXT NULL,
                audit_metadata TEXT NULL,
                xact_id INTEGER NOT NULL,
                UNIQUE (project_id, log_id, id));
            CREATE INDEX comments_origin ON comments (project_id, origin_id);
            -- Free text over names, input, output, expected, error, metadata, tags; rowid = spans.seq.
            CREATE VIRTUAL TABLE spans_fts USING fts5 (body, tokenize = 'unicode61');
            """),
    ];
}

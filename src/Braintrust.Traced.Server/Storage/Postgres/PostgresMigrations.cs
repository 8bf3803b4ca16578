namespace Braintrust.Traced.Server.Storage.Postgres;

/// <summary>Versioned schema steps for PostgreSQL; append only, recorded in <c>schema_migrations</c>.</summary>
internal static class PostgresMigrations
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
                salt BYTEA NOT NULL,
                hash BYTEA NOT NULL,
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
            -- One row, updated first in every write transaction: it orders commits, so transaction ids are
            -- committed in increasing order and the live stream's "changes after N" never skips one.
            CREATE TABLE counters (name TEXT PRIMARY KEY, value BIGINT NOT NULL);
            INSERT INTO counters (name, value) VALUES ('xact', 0);
            CREATE TABLE spans (
                seq BIGSERIAL PRIMARY KEY,
                project_id TEXT NOT NULL,
                log_id TEXT NOT NULL,
                id TEXT NOT NULL,
                xact_id BIGINT NOT NULL,
                is_partial BOOLEAN NOT NULL,
                is_visible BOOLEAN NOT NULL,
                span_id TEXT NULL,
                root_span_id TEXT NULL,
                parent_span_id TEXT NULL,
                is_root BOOLEAN NOT NULL,
                name TEXT NULL,
                span_type TEXT NULL,
                start_ts DOUBLE PRECISION NULL,
                end_ts DOUBLE PRECISION NULL,
                sort_ts DOUBLE PRECISION NOT NULL,
                has_error BOOLEAN NOT NULL,
                prompt_tokens DOUBLE PRECISION NULL,
                completion_tokens DOUBLE PRECISION NULL,
                tokens DOUBLE PRECISION NULL,
                created TEXT NOT NULL,
                data JSONB NOT NULL,
                search TSVECTOR NOT NULL,
                UNIQUE (project_id, log_id, id));
            CREATE INDEX spans_roots ON spans (project_id, sort_ts DESC, id DESC) WHERE is_root;
            CREATE INDEX spans_trace ON spans (project_id, root_span_id);
            CREATE INDEX spans_span_id ON spans (project_id, span_id);
            CREATE INDEX spans_xact ON spans (project_id, xact_id);
            CREATE INDEX spans_time ON spans (project_id, sort_ts);
            CREATE INDEX spans_search ON spans USING GIN (search);
            CREATE TABLE comments (
                seq BIGSERIAL PRIMARY KEY,
                project_id TEXT NOT NULL,
                log_id TEXT NOT NULL,
                id TEXT NOT NULL,
                origin_id TEXT NOT NULL,
                text TEXT NOT NULL,
                created TEXT NOT NULL,
                audit_source TEXT NULL,
                audit_metadata TEXT NULL,
                xact_id BIGINT NOT NULL,
                UNIQUE (project_id, log_id, id));
            CREATE INDEX comments_origin ON comments (project_id, origin_id);
            """),
        // Sortable trace list: stored sort keys for duration, name ("C" collation: byte order, as SQLite) and the
        // trace's total tokens (on the root row, refreshed on every write to the trace), one partial index per sort.
        (2, """
            ALTER TABLE spans ADD COLUMN sort_duration DOUBLE PRECISION NOT NULL DEFAULT -1;
            ALTER TABLE spans ADD COLUMN sort_name TEXT COLLATE "C" NOT NULL DEFAULT '';
            ALTER TABLE spans ADD COLUMN trace_tokens DOUBLE PRECISION NOT NULL DEFAULT 0;
            UPDATE spans SET
                sort_duration = CASE WHEN start_ts IS NOT NULL AND end_ts IS NOT NULL THEN end_ts - start_ts ELSE -1 END,
                sort_name = COALESCE(name, '');
            UPDATE spans SET trace_tokens = (
                SELECT COALESCE(SUM(t.tokens), 0) FROM spans t
                WHERE t.project_id = spans.project_id AND t.root_span_id = spans.root_span_id AND t.is_visible)
            WHERE is_root;
            DROP INDEX spans_roots;
            CREATE INDEX spans_roots_time ON spans (project_id, sort_ts, seq) WHERE is_root;
            CREATE INDEX spans_roots_duration ON spans (project_id, sort_duration, seq) WHERE is_root;
            CREATE INDEX spans_roots_name ON spans (project_id, sort_name, seq) WHERE is_root;
            CREATE INDEX spans_roots_tokens ON spans (project_id, trace_tokens, seq) WHERE is_root;
            """),
        // The trace list's roll-ups move onto the root row beside trace_tokens (kept by the writer for every trace a
        // group touches), so a page reads its root rows only. trace_scores holds the root's scores as listed (JSON),
        // NULL for none. The stored traces are filled by PostgresTraceRollups.BackfillAsync.
        (3, """
            ALTER TABLE spans ADD COLUMN trace_span_count BIGINT NOT NULL DEFAULT 0;
            ALTER TABLE spans ADD COLUMN trace_has_error BOOLEAN NOT NULL DEFAULT false;
            ALTER TABLE spans ADD COLUMN trace_prompt_tokens DOUBLE PRECISION NOT NULL DEFAULT 0;
            ALTER TABLE spans ADD COLUMN trace_completion_tokens DOUBLE PRECISION NOT NULL DEFAULT 0;
            ALTER TABLE spans ADD COLUMN trace_scores TEXT NULL;
            """),
        // Full text leaves the commit path (PostgresSearchIndexer): to_tsvector and the GIN inserts were more than
        // half of the database's work per ingested span. The vectors move to their own narrow table, keyed by the
        // span's seq and filled after the commit, in batches, from the spans whose xact_id is above a stored
        // watermark ('search_xact'; xact ids become visible in increasing order, see counters). Rows indexed
        // before this version keep their vectors; the watermark starts at the current transaction id.
        // The JSON documents are compressed with lz4 where the server was built with it (cheaper than pglz for
        // ~1-3 KB documents); a server without it keeps pglz.
        (4, """
            CREATE TABLE span_search (
                seq BIGINT PRIMARY KEY,
                search TSVECTOR NOT NULL);
            INSERT INTO span_search (seq, search) SELECT seq, search FROM spans WHERE is_visible AND search <> ''::tsvector;
            CREATE INDEX span_search_text ON span_search USING GIN (search);
            DROP INDEX spans_search;
            ALTER TABLE spans DROP COLUMN search;
            CREATE INDEX spans_xact_all ON spans (xact_id);
            INSERT INTO counters (name, value) SELECT 'search_xact', value FROM counters WHERE name = 'xact';
            DO $$
            BEGIN
                EXECUTE 'ALTER TABLE spans ALTER COLUMN data SET COMPRESSION lz4';
            EXCEPTION WHEN feature_not_supported OR syntax_error THEN
                NULL; -- built without lz4, or older than PostgreSQL 14: pglz stays
            END $$;
            """),
        // Live views across servers: several servers may share one database, and a span written through one must wake
        // the live streams of all. Every statement that changes spans or comments notifies the channel that each server
        // listens on (Live/PostgresChangeListener); PostgreSQL delivers it at commit, once per transaction however many
        // statements fired it.
        (5, """
            CREATE FUNCTION bt_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('braintrust_traced_changes', '');
                RETURN NULL;
            END
            $$;
            CREATE TRIGGER spans_notify_change AFTER INSERT OR DELETE OR UPDATE OF xact_id ON spans
                FOR EACH STATEMENT EXECUTE FUNCTION bt_notify_change();
            CREATE TRIGGER comments_notify_change AFTER INSERT OR DELETE OR UPDATE ON comments
                FOR EACH STATEMENT EXECUTE FUNCTION bt_notify_change();
            """),
        // logs3 overflow uploads (slot, then the payload uploaded to its signed URL) were files in each server's data
        // dir, so behind a load balancer the upload or the reference could reach a server that did not have them.
        (6, """
            CREATE TABLE overflow_uploads (
                key TEXT PRIMARY KEY,
                org_id TEXT NOT NULL REFERENCES orgs(id),
                size_bytes BIGINT NOT NULL,
                expires TIMESTAMPTZ NOT NULL,
                payload BYTEA NULL);
            CREATE INDEX overflow_uploads_expires ON overflow_uploads (expires);
            """),
        // When the server last heard of each span (Unix seconds, the writing server's clock), as SQLite's version 12 (see
        // there why a column rather than a per-transaction table). Nullable without a default: PostgreSQL adds it without
        // rewriting the table, and spans stored before keep NULL (unknown).
        (7, """
            ALTER TABLE spans ADD COLUMN last_heard DOUBLE PRECISION NULL;
            """),
        // The roots without an end, for the trace list's status=running|unfinished filter, as SQLite's version 13 (see
        // there why: rare rows that a walk of a sort's roots index would look for past every ended root). Partial, so
        // spans written with their end cost it nothing.
        (8, """
            CREATE INDEX spans_roots_open ON spans (project_id, sort_ts, seq) WHERE is_root AND end_ts IS NULL;
            """),
    ];

    /// <summary>Work a step needs beyond its SQL, run right after it in the same transaction.</summary>
    public static readonly IReadOnlyDictionary<int, Func<Npgsql.NpgsqlConnection, Npgsql.NpgsqlTransaction, CancellationToken, Task>> Backfills =
        new Dictionary<int, Func<Npgsql.NpgsqlConnection, Npgsql.NpgsqlTransaction, CancellationToken, Task>>
        {
            [3] = PostgresTraceRollups.BackfillAsync,
        };
}

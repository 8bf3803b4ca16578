using Microsoft.Data.Sqlite;

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
        // Sortable trace list: stored sort keys for duration, name and the trace's total tokens (kept on the root
        // row, refreshed whenever a span of the trace is written or deleted), one partial index per sort.
        (2, """
            ALTER TABLE spans ADD COLUMN sort_duration REAL NOT NULL DEFAULT -1;
            ALTER TABLE spans ADD COLUMN sort_name TEXT NOT NULL DEFAULT '';
            ALTER TABLE spans ADD COLUMN trace_tokens REAL NOT NULL DEFAULT 0;
            UPDATE spans SET
                sort_duration = CASE WHEN start_ts IS NOT NULL AND end_ts IS NOT NULL THEN end_ts - start_ts ELSE -1 END,
                sort_name = COALESCE(name, '');
            UPDATE spans SET trace_tokens = (
                SELECT COALESCE(SUM(t.tokens), 0) FROM spans t
                WHERE t.project_id = spans.project_id AND t.root_span_id = spans.root_span_id AND t.is_visible = 1)
            WHERE is_root = 1;
            DROP INDEX spans_roots;
            CREATE INDEX spans_roots_time ON spans (project_id, sort_ts, seq) WHERE is_root = 1;
            CREATE INDEX spans_roots_duration ON spans (project_id, sort_duration, seq) WHERE is_root = 1;
            CREATE INDEX spans_roots_name ON spans (project_id, sort_name, seq) WHERE is_root = 1;
            CREATE INDEX spans_roots_tokens ON spans (project_id, trace_tokens, seq) WHERE is_root = 1;
            """),
        // Full-text indexing moves out of the commit: a write queues the span's search text here (same transaction,
        // so nothing is lost on a crash) and the writer moves queued rows into spans_fts in large batches when
        // ingest pauses or enough have queued. FTS5 flushed a segment per savepoint before, i.e. per request.
        // replaces = 1 when the span may already be in spans_fts (an update or delete), so only those are removed.
        (3, """
            CREATE TABLE fts_pending (
                seq INTEGER PRIMARY KEY,
                body TEXT NULL,
                replaces INTEGER NOT NULL);
            """),
        // The FTS5 table stops keeping its own copy of every span's search text (about 1 KB a span, written a
        // second time beside the span's JSON): contentless, with contentless_delete so updates and deletes still
        // remove a span's old terms. The text already indexed is queued again, and the background indexer fills the
        // new table (search sees older spans again a moment after an upgrade, as it sees new ones).
        (4, """
            INSERT OR IGNORE INTO fts_pending (seq, body, replaces) SELECT rowid, body, 0 FROM spans_fts;
            DROP TABLE spans_fts;
            CREATE VIRTUAL TABLE spans_fts USING fts5 (body, tokenize = 'unicode61', content = '', contentless_delete = 1);
            """),
        // Full-text search turns every FTS hit (a span's seq) into its trace id. Through the table that is one
        // random page read per hit (a span's row is ~1.2 KB, three to a page); this narrow index keyed by seq holds
        // ~45 hits a page and stays in cache. Keyed by the ever-growing seq, it is an append on insert.
        (5, """
            CREATE INDEX spans_search_trace ON spans (seq, project_id, is_visible, root_span_id);
            """),
        // The newest-first trace list carries each root's trace id in its index, so a filter on the trace (free text:
        // "root_span_id IN (traces with a hit)") is checked from the index and only the listed roots' rows are read.
        // A rare search term walks many roots before 50 match; each of those was a table row read before.
        (6, """
            CREATE INDEX spans_roots_time_trace ON spans (project_id, sort_ts, seq, root_span_id) WHERE is_root = 1;
            DROP INDEX spans_roots_time;
            """),
        // Ingest wrote ~20 KB per 1.2 KB span, mostly because every span dirtied a random page in each of three indexes
        // keyed by long text: (project_id, log_id, id) UNIQUE, (project_id, span_id), (project_id, root_span_id).
        // They become indexes over compact 64-bit keys of the same ids (see SpanKeys; every lookup still compares the
        // text columns). The UNIQUE constraint is part of the table, so the table is rebuilt: same columns, same seq
        // (the full-text index and fetch cursors refer to it), and AUTOINCREMENT keeps its high-water mark so a
        // deleted span's seq is never handed out again. Uniqueness of (project_id, log_id, id) is kept by the single
        // writer, which looks a row up by its key before inserting it. bt_span_key is registered by the migration.
        (7, """
            CREATE TABLE spans_v7 (
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
                sort_duration REAL NOT NULL DEFAULT -1,
                sort_name TEXT NOT NULL DEFAULT '',
                trace_tokens REAL NOT NULL DEFAULT 0,
                row_key INTEGER NOT NULL,
                span_key INTEGER NULL,
                trace_key INTEGER NULL);
            INSERT INTO spans_v7 (seq, project_id, log_id, id, xact_id, is_partial, is_visible, span_id, root_span_id, parent_span_id,
                is_root, name, span_type, start_ts, end_ts, sort_ts, has_error, prompt_tokens, completion_tokens, tokens, created, data,
                sort_duration, sort_name, trace_tokens, row_key, span_key, trace_key)
            SELECT seq, project_id, log_id, id, xact_id, is_partial, is_visible, span_id, root_span_id, parent_span_id,
                is_root, name, span_type, start_ts, end_ts, sort_ts, has_error, prompt_tokens, completion_tokens, tokens, created, data,
                sort_duration, sort_name, trace_tokens,
                bt_span_key(project_id, id), bt_span_key(project_id, span_id), bt_span_key(project_id, root_span_id)
            FROM spans ORDER BY seq;
            INSERT INTO sqlite_sequence (name, seq) SELECT 'spans_v7', 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'spans_v7');
            UPDATE sqlite_sequence SET seq = (SELECT MAX(seq) FROM sqlite_sequence WHERE name IN ('spans', 'spans_v7')) WHERE name = 'spans_v7';
            DROP TABLE spans;
            ALTER TABLE spans_v7 RENAME TO spans;
            CREATE INDEX spans_row_key ON spans (row_key);
            CREATE INDEX spans_span_key ON spans (span_key);
            CREATE INDEX spans_trace_key ON spans (trace_key);
            CREATE INDEX spans_xact ON spans (project_id, xact_id);
            CREATE INDEX spans_time ON spans (project_id, sort_ts);
            CREATE INDEX spans_roots_duration ON spans (project_id, sort_duration, seq) WHERE is_root = 1;
            CREATE INDEX spans_roots_name ON spans (project_id, sort_name, seq) WHERE is_root = 1;
            CREATE INDEX spans_roots_tokens ON spans (project_id, trace_tokens, seq) WHERE is_root = 1;
            CREATE INDEX spans_search_trace ON spans (seq, project_id, is_visible, root_span_id);
            CREATE INDEX spans_roots_time_trace ON spans (project_id, sort_ts, seq, root_span_id) WHERE is_root = 1;
            """),
        // The search queue stops storing each span's text (~1 KB a span, written to the WAL and the file once more
        // beside the span itself): the writer keeps the text of committed spans in memory until the indexer takes it,
        // and from_span = 1 marks a queued span whose text is to be taken from there or, after a restart, rebuilt from
        // the span's stored document. Rows queued before the upgrade keep their body.
        (8, """
            ALTER TABLE fts_pending ADD COLUMN from_span INTEGER NOT NULL DEFAULT 0;
            """),
        // The trace list's roll-ups move onto the root row beside trace_tokens (kept by the writer for every trace a
        // batch touches), so a page reads 50 root rows instead of every span of 50 traces. trace_scores holds the root's
        // scores as listed (JSON), NULL for none. The stored traces are filled by SqliteTraceRollups.BackfillAsync.
        (9, """
            ALTER TABLE spans ADD COLUMN trace_span_count INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE spans ADD COLUMN trace_has_error INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE spans ADD COLUMN trace_prompt_tokens REAL NOT NULL DEFAULT 0;
            ALTER TABLE spans ADD COLUMN trace_completion_tokens REAL NOT NULL DEFAULT 0;
            ALTER TABLE spans ADD COLUMN trace_scores TEXT NULL;
            """),
        // The full-text index stops keeping every token's positions (detail=none): it only records which spans hold a
        // word, which is all an AND of words needs (SqliteFtsQuery splits what users type into single tokens, since
        // FTS5 answers no phrase query without positions). The index and its segment merges shrink to about a third,
        // the largest share of the indexer's cost. Every visible span is queued again (its text is rebuilt from its
        // stored document) and the background indexer fills the new table, as after version 4; rows already queued
        // keep their entry.
        // Also: a span whose span id is its row id (the SDKs write spans so) stores no span key (SqliteRowApplier), since
        // the lookup by span id tries the row id first and finds it there; the span-id index becomes partial and
        // skips those rows, one random index page fewer to dirty per written span. Rows stored before keep their key
        // (harmless: it equals their row key).
        (10, """
            DROP INDEX spans_span_key;
            CREATE INDEX spans_span_key ON spans (span_key) WHERE span_key IS NOT NULL;
            DROP TABLE spans_fts;
            CREATE VIRTUAL TABLE spans_fts USING fts5 (body, tokenize = 'unicode61', content = '', contentless_delete = 1, detail = none);
            INSERT OR IGNORE INTO fts_pending (seq, body, replaces, from_span) SELECT seq, NULL, 0, 1 FROM spans WHERE is_visible = 1;
            """),
        // A new span stops writing a queue row (a statement, a B-tree insert and later a delete per span): the search
        // index covers every span up to search_state.indexed_seq, and spans above it are new to the index, found by
        // their seq (SqliteSearchIndexer). fts_pending keeps only changes to spans that may be indexed already (updates,
        // deletes) and the rows queued before this step. Every span stored now is either indexed or queued, so the mark
        // starts at the highest seq handed out.
        (11, """
            CREATE TABLE search_state (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                indexed_seq INTEGER NOT NULL);
            INSERT INTO search_state (id, indexed_seq)
            VALUES (1, COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'spans'), 0));
            """),
        // When the server last heard of each span (Unix seconds, server clock): the query API's "running" tells a span whose
        // process still writes it (its runtime re-sends an identity-only merge every minute while it is open) from one
        // whose process died before logging its end. A column, not a table of (xact_id, time) per transaction: every
        // write to a span already rewrites its row, so the value costs 9 bytes of a ~1.2 KB row and one bound parameter
        // (the time itself is read once per commit), while reads need no join (the list and tree stay one-table reads)
        // and nothing grows with every request or needs pruning when spans are deleted or written again. Spans stored
        // before this step keep NULL: unknown.
        (12, """
            ALTER TABLE spans ADD COLUMN last_heard REAL NULL;
            """),
        // The roots without an end, for the trace list's status=running|unfinished filter. Such roots are rare (a run in
        // flight, or one whose process died), so walking a sort's roots index to fill a page of them reads every ended
        // root of the project when there are none: on the 1,000,000-span store that is the whole roots index, far past
        // the list's 10 ms goal. Partial, so it holds only the open roots: a span written with its end (nearly all of
        // them) is never inserted, and a root leaves it when its end is merged in. Ordered like spans_roots_time, so the
        // newest-first page is a range scan; the other sorts sort the few open roots. Adding an index loses no data.
        // Measured on a synthetic 1,000,000-span store (200,000 roots, 10 open; SQL only, sqlite3 CLI): status=running
        // with no match took 242 ms median (334 ms max of 20) walking spans_roots_time_trace, 1 ms or less from this index.
        (13, """
            CREATE INDEX spans_roots_open ON spans (project_id, sort_ts, seq) WHERE is_root = 1 AND end_ts IS NULL;
            """),
    ];

    /// <summary>Work a step needs beyond its SQL, run right after it in the same transaction.</summary>
    public static readonly IReadOnlyDictionary<int, Func<SqliteConnection, SqliteTransaction, CancellationToken, Task>> Backfills =
        new Dictionary<int, Func<SqliteConnection, SqliteTransaction, CancellationToken, Task>>
        {
            [9] = SqliteTraceRollups.BackfillAsync,
        };
}

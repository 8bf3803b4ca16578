import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { api } from "../api/client";
import type { SpanHeader, TraceFilters, TraceRow } from "../api/types";
import { mergesLiveTraces, sortOf, withSort } from "../format/traceSort";
import { readUntilLoaded, rereadUntilSeen } from "./liveCatchUp";
import { earliestRecheck } from "./recheck";
import { refreshScheduler } from "./refreshScheduler";

const pageSize = 100;
// Live events are gathered this long into one refresh (at most four a second however busy the project is).
const liveRefreshDelayMs = 250;
// A re-read of the running rows that failed (server restarting, network) is tried again this much later.
const recheckRetryMs = 5000;

export interface TraceList {
  rows: TraceRow[];
  loading: boolean;
  error: string | null;
  hasMore: boolean;
  live: boolean;
  /** Traces that arrived live but were not merged (the sort is not newest-first); `showNew` re-queries. */
  newTraces: number;
  showNew: () => void;
  loadMore: () => void;
}

/**
 * Root traces of a project in the server's sort: keyset pages on demand (as the table scrolls), and live updates
 * from the server's SSE stream. Sorted newest first, a live change re-reads the newest pages down to the loaded rows
 * (see readUntilLoaded) and merges them: new
 * traces are prepended, changed ones (a feedback score, a late child span) are replaced in place, and nothing the
 * user already scrolled to is dropped. In any other sort a new trace's place is somewhere in the whole project, not
 * at the top, so new traces are only counted (`newTraces`) until the user asks to see them. They are counted by
 * re-reading the newest page *with the same filters* and comparing it with the newest page as it was when the list
 * was loaded, so a trace the filters exclude is never announced.
 *
 * A row shown running turns unfinished when its process goes quiet, and nothing is written then, so no live event
 * comes: each page's answer says when that may happen (`recheck_after_ms`), and one timer per list, at the earliest
 * of them, re-reads the rows shown running and updates them in place (whatever the sort; nothing is added or moved).
 */
export function useTraceList(orgId: string, projectId: string, filters: TraceFilters, onSpan?: (span: SpanHeader) => void): TraceList {
  const [rows, setRows] = useState<TraceRow[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [live, setLive] = useState(false);
  const [pendingNew, setPendingNew] = useState<ReadonlySet<string>>(new Set());
  // The loaded rows, for the live handler to tell a new trace from a loaded one without re-subscribing.
  const loadedIds = useRef<Set<string>>(new Set());
  loadedIds.current = useMemo(() => new Set(rows.map((r) => r.root_span_id)), [rows]);
  const cursor = useRef<string | null>(null);
  const hasMore = useRef(true);
  const inFlight = useRef<AbortController | null>(null);
  const filterKey = JSON.stringify(filters);
  // Latest callback without re-opening the stream when the caller re-renders.
  const spanListener = useRef(onSpan);
  spanListener.current = onSpan;
  // In a non-time sort: the newest matching traces when the list was (re)loaded; null until known.
  const newestAtLoad = useRef<Set<string> | null>(null);
  // When (performance.now()) the rows shown running must be read again; null while none runs.
  const [recheckAt, setRecheckAt] = useState<number | null>(null);
  const noteRecheck = useCallback((recheckAfterMs: number | null) => {
    const answeredAt = performance.now();
    setRecheckAt((current) => earliestRecheck(current, answeredAt, recheckAfterMs));
  }, []);
  const shownRows = useRef(rows);
  shownRows.current = rows;
  // Bumped when the list is loaded afresh (other filters, or gone): a re-read under way for the old view is dropped.
  const view = useRef(0);

  const readNewest = useCallback(
    async () => (await api.traces(orgId, projectId, withSort(JSON.parse(filterKey) as TraceFilters, { key: "time", descending: true }), null, pageSize)).traces,
    [orgId, projectId, filterKey],
  );

  const rememberNewest = useCallback(async () => {
    newestAtLoad.current = null;
    if (mergesLiveTraces(sortOf(JSON.parse(filterKey) as TraceFilters))) return;
    const reading = view.current;
    try {
      const newest = new Set((await readNewest()).map((r) => r.root_span_id));
      // A baseline read for the filters before is not this view's: it would announce traces that are not new.
      if (view.current === reading) newestAtLoad.current = newest;
    } catch {
      // Without a baseline nothing is announced; the next reload takes one again.
    }
  }, [filterKey, readNewest]);

  const fetchPage = useCallback(
    async (reset: boolean) => {
      if (!reset && (inFlight.current || !hasMore.current)) return;
      inFlight.current?.abort();
      const controller = new AbortController();
      inFlight.current = controller;
      setLoading(true);
      try {
        const page = await api.traces(orgId, projectId, JSON.parse(filterKey) as TraceFilters, reset ? null : cursor.current, pageSize, controller.signal);
        cursor.current = page.next_cursor;
        hasMore.current = page.next_cursor !== null;
        setRows((previous) => (reset ? page.traces : appendUnique(previous, page.traces)));
        // A reset replaces every row, so the old rows' recheck goes with them.
        if (reset) setRecheckAt(earliestRecheck(null, performance.now(), page.recheck_after_ms));
        else noteRecheck(page.recheck_after_ms);
        setError(null);
      } catch (e) {
        if (!controller.signal.aborted) setError(e instanceof Error ? e.message : String(e));
      } finally {
        if (inFlight.current === controller) {
          inFlight.current = null;
          setLoading(false);
        }
      }
    },
    [orgId, projectId, filterKey, noteRecheck],
  );

  useEffect(() => {
    cursor.current = null;
    hasMore.current = true;
    setRows([]);
    setRecheckAt(null);
    setPendingNew(new Set());
    void fetchPage(true);
    void rememberNewest();
    return () => {
      view.current++;
      inFlight.current?.abort();
    };
  }, [fetchPage, rememberNewest]);

  useEffect(() => {
    let refreshing = false;
    let again = false;
    // Set when this view goes (other filters, another project): an answer still under way for it is dropped, or it
    // would merge traces of the old filters into the new view's rows.
    let closed = false;
    const refreshNewest = async () => {
      if (refreshing) {
        again = true;
        return;
      }
      refreshing = true;
      try {
        const filters = JSON.parse(filterKey) as TraceFilters;
        const loaded = loadedIds.current;
        const caught = await readUntilLoaded((cursor) => api.traces(orgId, projectId, filters, cursor, pageSize), loaded);
        if (closed) return;
        if (caught.joined) {
          setRows((previous) => mergeNewest(previous, caught.rows));
          noteRecheck(caught.recheckAfterMs);
        } else {
          // More arrived than one refresh reads: merging would leave a hole, so offer a reload instead.
          setPendingNew(new Set(caught.rows.filter((r) => !loaded.has(r.root_span_id)).map((r) => r.root_span_id)));
        }
      } catch {
        // A failed live refresh is retried on the next event; the table keeps what it has.
      } finally {
        refreshing = false;
        if (again && !closed) {
          again = false;
          void refreshNewest();
        }
      }
    };
    const countNew = async () => {
      try {
        const baseline = newestAtLoad.current;
        const newest = await readNewest();
        if (closed || !baseline) return;
        const fresh = newest.filter((r) => !baseline.has(r.root_span_id) && !loadedIds.current.has(r.root_span_id));
        setPendingNew(new Set(fresh.map((r) => r.root_span_id)));
      } catch {
        // Retried on the next event.
      }
    };
    const merges = mergesLiveTraces(sortOf(JSON.parse(filterKey) as TraceFilters));
    const scheduler = refreshScheduler(liveRefreshDelayMs, () => void (merges ? refreshNewest() : countNew()));
    const source = new EventSource(api.liveUrl(orgId, projectId));
    source.onopen = () => setLive(true);
    source.onerror = () => setLive(false);
    source.addEventListener("span", (event) => {
      const span = JSON.parse((event as MessageEvent<string>).data) as SpanHeader;
      if (!span.root_span_id) return;
      spanListener.current?.(span);
      scheduler.poke();
    });
    return () => {
      closed = true;
      scheduler.cancel();
      source.close();
      setLive(false);
    };
  }, [orgId, projectId, filterKey, readNewest, noteRecheck]);

  // One timer per list, replaced whenever an answer moves the recheck, cleared when the view goes.
  useEffect(() => {
    if (recheckAt === null) return;
    const timer = window.setTimeout(async () => {
      // Answers arriving during the re-read (a live refresh, the next page) set the next recheck along with it.
      setRecheckAt(null);
      const reading = view.current;
      const shown = shownRows.current;
      const running = new Set(shown.filter((r) => r.running).map((r) => r.root_span_id));
      const filters = JSON.parse(filterKey) as TraceFilters;
      try {
        const reread = await rereadUntilSeen((cursor) => api.traces(orgId, projectId, filters, cursor, pageSize), running, Math.ceil(shown.length / pageSize) + 1);
        if (view.current !== reading) return;
        setRows((previous) => replaceLoaded(previous, reread.rows).filter((r) => !reread.gone.has(r.root_span_id)));
        noteRecheck(reread.recheckAfterMs);
      } catch {
        if (view.current === reading) noteRecheck(recheckRetryMs);
      }
    }, Math.max(0, recheckAt - performance.now()));
    return () => window.clearTimeout(timer);
  }, [recheckAt, orgId, projectId, filterKey, noteRecheck]);

  const loadMore = useCallback(() => void fetchPage(false), [fetchPage]);
  const showNew = useCallback(() => {
    setPendingNew(new Set());
    cursor.current = null;
    hasMore.current = true;
    void fetchPage(true);
    void rememberNewest();
  }, [fetchPage, rememberNewest]);
  return { rows, loading, error, hasMore: hasMore.current, live, newTraces: pendingNew.size, showNew, loadMore };
}

function appendUnique(existing: TraceRow[], page: TraceRow[]): TraceRow[] {
  const seen = new Set(existing.map((r) => r.root_span_id));
  return existing.concat(page.filter((r) => !seen.has(r.root_span_id)));
}

/** Rows read again replace the loaded ones with the same trace, in place; rows not loaded are left out. */
export function replaceLoaded(existing: TraceRow[], reread: TraceRow[]): TraceRow[] {
  if (reread.length === 0) return existing;
  const byId = new Map(reread.map((r) => [r.root_span_id, r]));
  return existing.map((r) => byId.get(r.root_span_id) ?? r);
}

/** Newest page merged into what is loaded: updates in place, new traces on top, order otherwise kept. */
export function mergeNewest(existing: TraceRow[], newest: TraceRow[]): TraceRow[] {
  const byId = new Map(newest.map((r) => [r.root_span_id, r]));
  const known = new Set(existing.map((r) => r.root_span_id));
  const added = newest.filter((r) => !known.has(r.root_span_id));
  return added.concat(existing.map((r) => byId.get(r.root_span_id) ?? r));
}

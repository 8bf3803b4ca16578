import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { api } from "../api/client";
import type { SpanHeader, TraceFilters, TraceRow } from "../api/types";
import { mergesLiveTraces, sortOf, withSort } from "../format/traceSort";
import { readUntilLoaded } from "./liveCatchUp";
import { refreshScheduler } from "./refreshScheduler";

const pageSize = 100;
// Live events are gathered this long into one refresh (at most four a second however busy the project is).
const liveRefreshDelayMs = 250;

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

  const readNewest = useCallback(
    async () => (await api.traces(orgId, projectId, withSort(JSON.parse(filterKey) as TraceFilters, { key: "time", descending: true }), null, pageSize)).traces,
    [orgId, projectId, filterKey],
  );

  const rememberNewest = useCallback(async () => {
    newestAtLoad.current = null;
    if (mergesLiveTraces(sortOf(JSON.parse(filterKey) as TraceFilters))) return;
    try {
      newestAtLoad.current = new Set((await readNewest()).map((r) => r.root_span_id));
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
    [orgId, projectId, filterKey],
  );

  useEffect(() => {
    cursor.current = null;
    hasMore.current = true;
    setRows([]);
    setPendingNew(new Set());
    void fetchPage(true);
    void rememberNewest();
    return () => inFlight.current?.abort();
  }, [fetchPage, rememberNewest]);

  useEffect(() => {
    let refreshing = false;
    let again = false;
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
        if (caught.joined) {
          setRows((previous) => mergeNewest(previous, caught.rows));
        } else {
          // More arrived than one refresh reads: merging would leave a hole, so offer a reload instead.
          setPendingNew(new Set(caught.rows.filter((r) => !loaded.has(r.root_span_id)).map((r) => r.root_span_id)));
        }
      } catch {
        // A failed live refresh is retried on the next event; the table keeps what it has.
      } finally {
        refreshing = false;
        if (again) {
          again = false;
          void refreshNewest();
        }
      }
    };
    const countNew = async () => {
      try {
        const baseline = newestAtLoad.current;
        const newest = await readNewest();
        if (!baseline) return;
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
      scheduler.cancel();
      source.close();
      setLive(false);
    };
  }, [orgId, projectId, filterKey, readNewest]);

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

/** Newest page merged into what is loaded: updates in place, new traces on top, order otherwise kept. */
export function mergeNewest(existing: TraceRow[], newest: TraceRow[]): TraceRow[] {
  const byId = new Map(newest.map((r) => [r.root_span_id, r]));
  const known = new Set(existing.map((r) => r.root_span_id));
  const added = newest.filter((r) => !known.has(r.root_span_id));
  return added.concat(existing.map((r) => byId.get(r.root_span_id) ?? r));
}

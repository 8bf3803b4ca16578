import { useCallback, useEffect, useRef, useState } from "react";
import { api } from "../api/client";
import type { SpanHeader, TraceFilters, TraceRow } from "../api/types";

const pageSize = 100;
const liveDebounceMs = 250;

export interface TraceList {
  rows: TraceRow[];
  loading: boolean;
  error: string | null;
  hasMore: boolean;
  live: boolean;
  loadMore: () => void;
}

/**
 * Root traces of a project, newest first: keyset pages on demand (as the table scrolls), and live updates from the
 * server's SSE stream. A live change re-reads the newest page and merges it: new traces are prepended, changed ones
 * (a feedback score, a late child span) are replaced in place, and nothing the user already scrolled to is dropped.
 */
export function useTraceList(orgId: string, projectId: string, filters: TraceFilters, onSpan?: (span: SpanHeader) => void): TraceList {
  const [rows, setRows] = useState<TraceRow[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [live, setLive] = useState(false);
  const cursor = useRef<string | null>(null);
  const hasMore = useRef(true);
  const inFlight = useRef<AbortController | null>(null);
  const filterKey = JSON.stringify(filters);
  // Latest callback without re-opening the stream when the caller re-renders.
  const spanListener = useRef(onSpan);
  spanListener.current = onSpan;

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
    void fetchPage(true);
    return () => inFlight.current?.abort();
  }, [fetchPage]);

  useEffect(() => {
    let timer: number | undefined;
    let refreshing = false;
    let again = false;
    const refreshNewest = async () => {
      if (refreshing) {
        again = true;
        return;
      }
      refreshing = true;
      try {
        const page = await api.traces(orgId, projectId, JSON.parse(filterKey) as TraceFilters, null, pageSize);
        setRows((previous) => mergeNewest(previous, page.traces));
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
    const source = new EventSource(api.liveUrl(orgId, projectId));
    source.onopen = () => setLive(true);
    source.onerror = () => setLive(false);
    source.addEventListener("span", (event) => {
      const span = JSON.parse((event as MessageEvent<string>).data) as SpanHeader;
      if (!span.root_span_id) return;
      spanListener.current?.(span);
      window.clearTimeout(timer);
      timer = window.setTimeout(() => void refreshNewest(), liveDebounceMs);
    });
    return () => {
      window.clearTimeout(timer);
      source.close();
      setLive(false);
    };
  }, [orgId, projectId, filterKey]);

  const loadMore = useCallback(() => void fetchPage(false), [fetchPage]);
  return { rows, loading, error, hasMore: hasMore.current, live, loadMore };
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

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { api } from "../api/client";
import type { TraceTree } from "../api/types";
import { findSpan } from "../format/treeModel";
import { recheckDelayMs } from "../live/recheck";
import { SpanDuration } from "./SpanDuration";
import { SpanTree } from "./SpanTree";
import { SpanDetails } from "./SpanDetails";

/** One trace: the span tree with its waterfall, and the selected span's details and feedback form. */
export function TracePanel(props: {
  orgId: string;
  projectId: string;
  traceId: string;
  spanId: string | null;
  /** Bumped when the live stream reports a change in this trace: re-read it in place. */
  version: number;
  onSelectSpan: (spanId: string) => void;
  onClose: () => void;
}) {
  const { orgId, projectId, traceId, spanId, version, onSelectSpan, onClose } = props;
  const [trace, setTrace] = useState<TraceTree | null>(null);
  const [error, setError] = useState<string | null>(null);

  // Only the newest read may show: a re-read of the previous trace (live event, recheck, feedback) still in flight
  // when the user opens another one must not replace it, nor an older re-read a newer one.
  const newestRead = useRef(0);
  const load = useCallback(
    async (signal?: AbortSignal) => {
      const read = ++newestRead.current;
      try {
        const answer = await api.trace(orgId, projectId, traceId, signal);
        if (read !== newestRead.current) return;
        setTrace(answer);
        setError(null);
      } catch (e) {
        if (read === newestRead.current && !signal?.aborted) setError(e instanceof Error ? e.message : String(e));
      }
    },
    [orgId, projectId, traceId],
  );

  useEffect(() => {
    const controller = new AbortController();
    setTrace(null);
    void load(controller.signal);
    return () => controller.abort();
  }, [load]);

  // A live change re-reads the trace, once per change: opening another trace (a new load) must not re-read it again
  // a moment after its first read.
  const readVersion = useRef(version);
  useEffect(() => {
    if (version === readVersion.current) return;
    readVersion.current = version;
    const timer = window.setTimeout(() => void load(), 250);
    return () => window.clearTimeout(timer);
  }, [version, load]);

  // A running span whose process goes quiet turns unfinished without a write, so no live event says so: read the
  // trace again when the server said the first of its running spans may time out. Each answer replaces the timer.
  useEffect(() => {
    const delay = recheckDelayMs(trace?.recheck_after_ms);
    if (delay === null) return;
    const timer = window.setTimeout(() => void load(), delay);
    return () => window.clearTimeout(timer);
  }, [trace, load]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape" && !(event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement)) onClose();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);

  const selected = useMemo(() => (trace ? findSpan(trace.spans, spanId) ?? trace.spans[0] ?? null : null), [trace, spanId]);

  return (
    <aside className="trace-panel" aria-label="Trace">
      <header className="trace-panel-header">
        <h2>{trace?.spans[0]?.name ?? "Trace"}</h2>
        {trace && (
          <span className="muted small">
            {trace.span_count} spans ·{" "}
            <SpanDuration
              span={{ start: trace.start, end: trace.spans[0]?.end ?? null, running: trace.spans[0]?.running ?? false, last_heard: trace.spans[0]?.last_heard ?? null }}
              durationMs={trace.duration_ms}
            />
          </span>
        )}
        <span className="spacer" />
        <button type="button" onClick={onClose} aria-label="Close trace" title="Close (Esc)">✕</button>
      </header>
      {error && <div className="notice error" role="alert">{error}</div>}
      {!trace && !error && <div className="notice">Loading trace…</div>}
      {trace && (
        <div className="trace-body">
          <SpanTree trace={trace} selectedSpanId={selected?.span_id ?? null} onSelect={onSelectSpan} />
          {selected && <SpanDetails key={selected.span_id} orgId={orgId} projectId={projectId} span={selected} onFeedbackSaved={() => load()} />}
        </div>
      )}
    </aside>
  );
}

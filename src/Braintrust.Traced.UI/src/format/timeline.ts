import { spanStatus, type SpanLifetime } from "./spanStatus";

// The span tree's waterfall: how wide the timeline is and where each span's bar sits on it.

export interface TimelineSpan extends SpanLifetime {
  offset_ms: number | null;
  duration_ms: number | null;
}

/**
 * Where a span's bar ends, in ms after the trace start; null for a running span, whose bar reaches to now. An
 * unfinished span's bar ends where the server last heard of it (at its start when that is unknown): after that
 * nothing says it went on.
 */
export function barEndMs(span: TimelineSpan): number | null {
  const offset = span.offset_ms ?? 0;
  switch (spanStatus(span)) {
    case "running":
      return null;
    case "unfinished": {
      const heard = span.last_heard ? Date.parse(span.last_heard) : NaN;
      const start = span.start ? Date.parse(span.start) : NaN;
      // Start times come from the logging process's clock, last_heard from the server's: never end before the start.
      return Number.isNaN(heard) || Number.isNaN(start) ? offset : offset + Math.max(0, heard - start);
    }
    default:
      return offset + (span.duration_ms ?? 0);
  }
}

/**
 * The timeline's width in ms: the trace's duration, every bar's end, and, only while some span is running, the time
 * from the trace start to now (so running bars show how long they have run). Unfinished spans never stretch it to now:
 * a day-old one would otherwise dwarf everything else.
 */
export function timelineTotalMs(traceStart: string | null, traceDurationMs: number | null, spans: TimelineSpan[], nowMs: number): number {
  const running = spans.some((s) => spanStatus(s) === "running");
  const start = traceStart ? Date.parse(traceStart) : NaN;
  const runningFor = running && !Number.isNaN(start) ? nowMs - start : 0;
  return Math.max(traceDurationMs ?? 0, runningFor, ...spans.map((s) => barEndMs(s) ?? 0), 0.001);
}

/** A bar's left edge and width, in % of the timeline; a running bar reaches to its end. */
export function barGeometry(span: TimelineSpan, totalMs: number): { left: number; width: number } {
  const left = Math.min(100, ((span.offset_ms ?? 0) / totalMs) * 100);
  const end = barEndMs(span);
  const width = end === null ? 100 - left : Math.max(0.5, ((end - (span.offset_ms ?? 0)) / totalMs) * 100);
  return { left, width: Math.min(width, 100 - left) };
}

// Whether a span is finished, still running or unfinished (no end, and its process no longer heard from).

/** The fields of a span (list row, tree node or live event) that say whether it is still going on. */
export interface SpanLifetime {
  start: string | null;
  end: string | null;
  /** Judged by the server, on its own clock: a start, no end, and heard from within its running timeout. */
  running: boolean;
  /** When the server last heard of the span (a write, merge, comment or feedback on it); null when unknown. */
  last_heard: string | null;
}

/**
 * "ended" covers every span with an end (and one that never started); a span with a start and no end is "running"
 * only while the server says so, else "unfinished": the runtime ships long spans early and re-sends them every
 * minute while they are open, so silence means the process that logged it probably stopped.
 */
export type SpanStatus = "ended" | "running" | "unfinished";

export function spanStatus(span: SpanLifetime): SpanStatus {
  if (span.start === null || span.end !== null) return "ended";
  return span.running ? "running" : "unfinished";
}

/** The unfinished badge's tooltip: when the span was last heard of (or started, when that is unknown). */
export function unfinishedTitle(span: SpanLifetime): string {
  const seen = span.last_heard
    ? `last heard from ${formatLocalTimestamp(span.last_heard)}`
    : `started ${formatLocalTimestamp(span.start)}, not heard from since`;
  return `No end time logged; ${seen} — the process that logged it may have stopped`;
}

/** "2026-12-06 04:12:55" in the browser's time zone; the text as given when it is no timestamp. */
export function formatLocalTimestamp(iso: string | null): string {
  if (!iso) return "an unknown time";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const two = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

import { formatDuration } from "../format/format";

interface Props {
  start: string | null;
  end: string | null;
  durationMs: number | null;
}

/**
 * A span's duration, or "running" for a span that started and has no end yet: the runtime ships a long-running
 * trace's root early (BraintrustOptions.ShowRunningTracesAfter), and "–" would read as missing data.
 */
export function SpanDuration({ start, end, durationMs }: Props) {
  if (start !== null && end === null) {
    return <span className="running-badge" title="Still running: no end time logged yet">running</span>;
  }
  return <>{formatDuration(durationMs)}</>;
}

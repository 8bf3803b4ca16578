import { formatDuration } from "../format/format";
import { spanStatus, unfinishedTitle, type SpanLifetime } from "../format/spanStatus";

interface Props {
  span: SpanLifetime;
  durationMs: number | null;
}

/**
 * A span's duration; for a span that started and has no end, "running" while the server still hears of it (the
 * runtime ships a long-running trace's root early, BraintrustOptions.ShowRunningTracesAfter, and "–" would read as
 * missing data), else "unfinished": its process probably stopped before logging the end.
 */
export function SpanDuration({ span, durationMs }: Props) {
  switch (spanStatus(span)) {
    case "running":
      return <span className="running-badge" title="Still running: no end time logged yet">running</span>;
    case "unfinished":
      return <span className="unfinished-badge" title={unfinishedTitle(span)}>unfinished</span>;
    default:
      return <>{formatDuration(durationMs)}</>;
  }
}

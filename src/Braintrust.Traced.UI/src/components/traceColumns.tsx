import type { ReactNode } from "react";
import type { TraceRow, TraceSortKey } from "../api/types";
import { formatCount, formatTime } from "../format/format";
import { ScoreBadges } from "./ScoreBadges";
import { SpanDuration } from "./SpanDuration";

/** A column of the logs table: how to show a trace and, for the columns the server can sort by, which sort. */
export interface TraceColumn {
  id: string;
  label: string;
  width: string;
  render: (row: TraceRow) => ReactNode;
  sortKey?: TraceSortKey;
}

export const traceColumns: TraceColumn[] = [
  { id: "name", label: "Name", width: "minmax(140px, 1.2fr)", render: (r) => r.name ?? "(unnamed)", sortKey: "name" },
  { id: "input", label: "Input", width: "minmax(160px, 2fr)", render: (r) => r.input_preview ?? "" },
  { id: "output", label: "Output", width: "minmax(160px, 2fr)", render: (r) => r.output_preview ?? "" },
  { id: "scores", label: "Scores", width: "minmax(120px, 1.2fr)", render: (r) => <ScoreBadges scores={r.scores} /> },
  { id: "duration", label: "Duration", width: "90px", render: (r) => <SpanDuration span={r} durationMs={r.duration_ms} />, sortKey: "duration" },
  { id: "tokens", label: "Tokens", width: "80px", render: (r) => formatCount(r.tokens.total), sortKey: "tokens" },
  { id: "tags", label: "Tags", width: "minmax(80px, 1fr)", render: (r) => r.tags.map((t) => <span key={t} className="tag">{t}</span>) },
  { id: "error", label: "Error", width: "60px", render: (r) => (r.has_error ? <span className="error-dot" title="has an error">error</span> : "") },
  { id: "time", label: "Time", width: "150px", render: (r) => formatTime(r.start ?? r.created), sortKey: "time" },
];

export const defaultVisibleColumns = traceColumns.map((c) => c.id);

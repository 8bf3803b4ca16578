import type { ReactNode } from "react";
import type { TraceRow } from "../api/types";
import { formatCount, formatDuration, formatTime } from "../format/format";
import { ScoreBadges } from "./ScoreBadges";

/** A column of the logs table: how to show a trace and how to sort by it. */
export interface TraceColumn {
  id: string;
  label: string;
  width: string;
  render: (row: TraceRow) => ReactNode;
  sortValue?: (row: TraceRow) => number | string;
}

const firstScore = (row: TraceRow) => Object.values(row.scores)[0]?.value ?? -1;

export const traceColumns: TraceColumn[] = [
  { id: "name", label: "Name", width: "minmax(140px, 1.2fr)", render: (r) => r.name ?? "(unnamed)", sortValue: (r) => r.name ?? "" },
  { id: "input", label: "Input", width: "minmax(160px, 2fr)", render: (r) => r.input_preview ?? "" },
  { id: "output", label: "Output", width: "minmax(160px, 2fr)", render: (r) => r.output_preview ?? "" },
  { id: "scores", label: "Scores", width: "minmax(120px, 1.2fr)", render: (r) => <ScoreBadges scores={r.scores} />, sortValue: firstScore },
  { id: "duration", label: "Duration", width: "90px", render: (r) => formatDuration(r.duration_ms), sortValue: (r) => r.duration_ms ?? -1 },
  { id: "tokens", label: "Tokens", width: "80px", render: (r) => formatCount(r.tokens.total), sortValue: (r) => r.tokens.total },
  { id: "tags", label: "Tags", width: "minmax(80px, 1fr)", render: (r) => r.tags.map((t) => <span key={t} className="tag">{t}</span>) },
  { id: "error", label: "Error", width: "60px", render: (r) => (r.has_error ? <span className="error-dot" title="has an error">error</span> : ""), sortValue: (r) => (r.has_error ? 1 : 0) },
  { id: "time", label: "Time", width: "150px", render: (r) => formatTime(r.start ?? r.created), sortValue: (r) => r.start ?? r.created ?? "" },
];

export const defaultVisibleColumns = traceColumns.map((c) => c.id);

// Shapes of the server's query API (/api/v1) and session API (/api/ui/session).

export interface Org {
  id: string;
  name: string;
}

export interface Project {
  id: string;
  org_id: string;
  name: string;
  description: string | null;
  created: string | null;
}

export interface Score {
  value: number | null;
  /** True when the value is the average of the span's children's scores (feedback/score child spans). */
  averaged: boolean;
}

export interface SpanHeader {
  id: string;
  span_id: string;
  root_span_id: string;
  parent_span_id: string | null;
  name: string | null;
  type: string | null;
  start: string | null;
  end: string | null;
  duration_ms: number | null;
  /** When the server last heard of the span (wrote, merged into or commented on it); null for spans stored before it kept this. */
  last_heard: string | null;
  /** A start, no end, and heard from within the server's running timeout (judged on the server's clock). */
  running: boolean;
  created: string | null;
  has_error: boolean;
  scores: Record<string, Score>;
  xact_id: string;
}

export interface TokenCounts {
  prompt: number;
  completion: number;
  total: number;
}

export interface TraceRow extends SpanHeader {
  input_preview: string | null;
  output_preview: string | null;
  tags: string[];
  span_count: number;
  tokens: TokenCounts;
}

/**
 * Milliseconds, on the server's clock, until the first span in an answer that is running now would stop counting as
 * running unless heard of again; null when none runs. The open view reads itself again then (live/recheck.ts).
 */
export type RecheckAfterMs = number | null;

export interface TracePage {
  traces: TraceRow[];
  next_cursor: string | null;
  recheck_after_ms: RecheckAfterMs;
}

export interface SpanComment {
  id: string;
  text: string;
  created: string | null;
  source: string | null;
}

export interface SpanNode extends SpanHeader {
  offset_ms: number | null;
  input?: unknown;
  output?: unknown;
  expected?: unknown;
  error?: unknown;
  metadata?: Record<string, unknown> | null;
  metrics?: Record<string, unknown> | null;
  tags?: string[] | null;
  span_attributes?: Record<string, unknown> | null;
  comments: SpanComment[];
  children: SpanNode[];
}

export interface TraceTree {
  root_span_id: string;
  project_id: string;
  span_count: number;
  start: string | null;
  duration_ms: number | null;
  spans: SpanNode[];
  recheck_after_ms: RecheckAfterMs;
}

export interface MonitorBucket {
  start: string;
  count: number;
  spans: number;
  errors: number;
  latency_p50_ms: number | null;
  latency_p95_ms: number | null;
  tokens: number;
  scores: Record<string, number>;
}

export interface MonitorData {
  from: string;
  to: string;
  bucket_seconds: number;
  buckets: MonitorBucket[];
}

/** The server's sorts of the trace list (`sort=`); each is keyset-paged on its own index. */
export type TraceSortKey = "time" | "duration" | "name" | "tokens";

/** The server's `status=` values of the trace list. */
export type TraceStatusFilter = "running" | "unfinished" | "ended";

export interface TraceFilters {
  q?: string;
  name?: string;
  tag?: string;
  error?: "true" | "false";
  /** The root's: running (no end, still heard of), unfinished (no end, not heard of within the server's timeout), ended. */
  status?: TraceStatusFilter;
  score?: string;
  metadata?: string;
  from?: string;
  to?: string;
  /** Absent: time. Part of the filters so it travels in the URL and the query like them. */
  sort?: TraceSortKey;
  order?: "desc" | "asc";
}

export interface FeedbackInput {
  scores?: Record<string, number | null>;
  expected?: unknown;
  comment?: string;
}

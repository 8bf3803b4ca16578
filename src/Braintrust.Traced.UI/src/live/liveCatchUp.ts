import type { RecheckAfterMs, TracePage, TraceRow } from "../api/types";
import { soonerWait } from "./recheck";

/** How many newest-first pages one live refresh reads at most to reach the rows already loaded. */
export const maxCatchUpPages = 10;

export interface CatchUp {
  /** The newest rows, newest first, down to (and including) the first page that holds a loaded trace. */
  rows: TraceRow[];
  /**
   * Whether `rows` join up with what is loaded (or reach the end of the list), so merging them leaves no hole.
   * False when more traces arrived than `maxCatchUpPages` pages hold: merging would hide the ones in between.
   */
  joined: boolean;
  /** The soonest `recheck_after_ms` of the pages read. */
  recheckAfterMs: RecheckAfterMs;
}

/**
 * Reads the newest traces until they meet the loaded ones. One newest page is not enough when more traces arrived
 * since the last refresh than a page holds: merging just that page would leave the traces between it and the loaded
 * rows out of the table for good (they are older than every merged row and newer than every loaded one).
 */
export async function readUntilLoaded(readPage: (cursor: string | null) => Promise<TracePage>, loaded: ReadonlySet<string>): Promise<CatchUp> {
  const rows: TraceRow[] = [];
  let recheckAfterMs: RecheckAfterMs = null;
  let cursor: string | null = null;
  for (let page = 0; page < maxCatchUpPages; page++) {
    const next = await readPage(cursor);
    rows.push(...next.traces);
    recheckAfterMs = soonerWait(recheckAfterMs, next.recheck_after_ms);
    if (loaded.size === 0 || next.next_cursor === null || next.traces.some((r) => loaded.has(r.root_span_id))) {
      return { rows, joined: true, recheckAfterMs };
    }
    cursor = next.next_cursor;
  }
  return { rows, joined: false, recheckAfterMs };
}

export interface Reread {
  /** The rows read, in the list's order; the caller updates the loaded ones in place. */
  rows: TraceRow[];
  /** The soonest `recheck_after_ms` of the pages read (every row shown running is in them when all were found). */
  recheckAfterMs: RecheckAfterMs;
  /**
   * Rows shown running that the list, read to its end, no longer holds: the caller drops them. Under the status
   * filter `running` this is how a trace whose process went quiet leaves the table (it is unfinished now, and no
   * write announces that); otherwise the trace was deleted. Empty when the read stopped before the list's end.
   */
  gone: ReadonlySet<string>;
}

/**
 * Reads the list again from the top until every trace in `wanted` (the rows the table shows running) was read again,
 * or the list ends, or `maxPages` pages were read (the loaded pages and one more: a row that moved further down was
 * not loaded there either). Only pages down to the last running row are read: the rest cannot change by time alone.
 */
export async function rereadUntilSeen(readPage: (cursor: string | null) => Promise<TracePage>, wanted: ReadonlySet<string>, maxPages: number): Promise<Reread> {
  const rows: TraceRow[] = [];
  const missing = new Set(wanted);
  let recheckAfterMs: RecheckAfterMs = null;
  let cursor: string | null = null;
  let readToEnd = false;
  for (let page = 0; page < maxPages && missing.size > 0; page++) {
    const next = await readPage(cursor);
    rows.push(...next.traces);
    for (const r of next.traces) missing.delete(r.root_span_id);
    recheckAfterMs = soonerWait(recheckAfterMs, next.recheck_after_ms);
    if (next.next_cursor === null) {
      readToEnd = true;
      break;
    }
    cursor = next.next_cursor;
  }
  return { rows, recheckAfterMs, gone: readToEnd ? missing : new Set() };
}

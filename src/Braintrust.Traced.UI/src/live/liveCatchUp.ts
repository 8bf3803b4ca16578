import type { TracePage, TraceRow } from "../api/types";

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
}

/**
 * Reads the newest traces until they meet the loaded ones. One newest page is not enough when more traces arrived
 * since the last refresh than a page holds: merging just that page would leave the traces between it and the loaded
 * rows out of the table for good (they are older than every merged row and newer than every loaded one).
 */
export async function readUntilLoaded(readPage: (cursor: string | null) => Promise<TracePage>, loaded: ReadonlySet<string>): Promise<CatchUp> {
  const rows: TraceRow[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < maxCatchUpPages; page++) {
    const next = await readPage(cursor);
    rows.push(...next.traces);
    if (loaded.size === 0 || next.next_cursor === null || next.traces.some((r) => loaded.has(r.root_span_id))) {
      return { rows, joined: true };
    }
    cursor = next.next_cursor;
  }
  return { rows, joined: false };
}

import type { TraceFilters, TraceSortKey } from "../api/types";

// The server sorts the whole project (keyset-paged per sort), so sorting is part of the query and of the URL,
// never a re-ordering of whatever rows happen to be loaded.

export const traceSortKeys: readonly TraceSortKey[] = ["time", "duration", "name", "tokens"];

export interface TraceSort {
  key: TraceSortKey;
  descending: boolean;
}

/** The sort a filter set asks for; absent means the server's default, newest first. */
export function sortOf(filters: TraceFilters): TraceSort {
  return { key: filters.sort ?? "time", descending: (filters.order ?? "desc") === "desc" };
}

/** The filters with this sort; the default (time, newest first) is left out, so plain links stay plain. */
export function withSort(filters: TraceFilters, sort: TraceSort): TraceFilters {
  const { sort: _s, order: _o, ...rest } = filters;
  if (sort.key === "time" && sort.descending) return rest;
  return { ...rest, sort: sort.key, order: sort.descending ? "desc" : "asc" };
}

/**
 * What a click on a column header does: another column sorts by it, largest (or newest, or Z) first; a second
 * click reverses it; a third returns to the default. Time, the default column, just flips.
 */
export function nextSort(current: TraceSort, clicked: TraceSortKey): TraceSort {
  if (current.key !== clicked) return { key: clicked, descending: true };
  if (current.descending) return { key: clicked, descending: false };
  return { key: "time", descending: true };
}

/** Whether live traces can be merged into the loaded rows: only newest-first puts new traces at the top. */
export function mergesLiveTraces(sort: TraceSort): boolean {
  return sort.key === "time" && sort.descending;
}

const descriptions: Record<TraceSortKey, [string, string]> = {
  time: ["newest first", "oldest first"],
  duration: ["longest first", "shortest first"],
  name: ["name Z–A", "name A–Z"],
  tokens: ["most tokens first", "fewest tokens first"],
};

export function describeSort(sort: TraceSort): string {
  const [descending, ascending] = descriptions[sort.key];
  return sort.descending ? descending : ascending;
}

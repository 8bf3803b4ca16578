import { describe, expect, it } from "vitest";
import type { TracePage, TraceRow } from "../api/types";
import { maxCatchUpPages, readUntilLoaded } from "./liveCatchUp";
import { mergeNewest } from "./useTraceList";

const row = (id: string): TraceRow => ({
  id, span_id: id, root_span_id: id, parent_span_id: null, name: id, type: "task", start: null, end: null, duration_ms: 1, last_heard: null, running: false, created: null,
  has_error: false, scores: {}, xact_id: "1", input_preview: null, output_preview: null, tags: [], span_count: 1,
  tokens: { prompt: 0, completion: 0, total: 0 },
});

/** A newest-first list served in pages of `size`, as the server's keyset paging does. */
function pagesOf(ids: string[], size: number) {
  const reads: (string | null)[] = [];
  const read = async (cursor: string | null): Promise<TracePage> => {
    reads.push(cursor);
    const start = cursor === null ? 0 : Number(cursor);
    const end = start + size;
    return { traces: ids.slice(start, end).map(row), next_cursor: end < ids.length ? String(end) : null };
  };
  return { read, reads };
}

const names = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i}`);

describe("catching up with traces that arrived live", () => {
  it("reads one page when it already meets the loaded rows", async () => {
    const server = pagesOf([...names("new", 3), ...names("old", 200)], 100);
    const caught = await readUntilLoaded(server.read, new Set(names("old", 60)));
    expect(caught.joined).toBe(true);
    expect(server.reads).toEqual([null]);
  });

  it("reads on until it meets the loaded rows, so a burst bigger than a page leaves no hole", async () => {
    const loaded = names("old", 60);
    const server = pagesOf([...names("new", 150), ...names("old", 200)], 100);
    const caught = await readUntilLoaded(server.read, new Set(loaded));
    expect(caught.joined).toBe(true);
    expect(server.reads).toEqual([null, "100"]);
    const merged = mergeNewest(loaded.map(row), caught.rows);
    expect(merged.map((r) => r.root_span_id)).toEqual([...names("new", 150), ...loaded]);
  });

  it("gives up after a bounded number of pages and says the rows do not join", async () => {
    const server = pagesOf([...names("new", 100 * maxCatchUpPages + 5), ...names("old", 10)], 100);
    const caught = await readUntilLoaded(server.read, new Set(names("old", 10)));
    expect(caught.joined).toBe(false);
    expect(server.reads).toHaveLength(maxCatchUpPages);
  });

  it("reads just the newest page for an empty table", async () => {
    const server = pagesOf(names("new", 500), 100);
    expect((await readUntilLoaded(server.read, new Set())).rows).toHaveLength(100);
    expect(server.reads).toEqual([null]);
  });
});

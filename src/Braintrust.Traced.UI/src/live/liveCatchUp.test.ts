import { describe, expect, it } from "vitest";
import type { TracePage, TraceRow } from "../api/types";
import { maxCatchUpPages, readUntilLoaded, rereadUntilSeen } from "./liveCatchUp";
import { mergeNewest } from "./useTraceList";

const row = (id: string): TraceRow => ({
  id, span_id: id, root_span_id: id, parent_span_id: null, name: id, type: "task", start: null, end: null, duration_ms: 1, last_heard: null, running: false, created: null,
  has_error: false, scores: {}, xact_id: "1", input_preview: null, output_preview: null, tags: [], span_count: 1,
  tokens: { prompt: 0, completion: 0, total: 0 },
});

/**
 * A newest-first list served in pages of `size`, as the server's keyset paging does; `recheck` gives a page's
 * recheck_after_ms from its ids (none running by default).
 */
function pagesOf(ids: string[], size: number, recheck: (page: string[]) => number | null = () => null) {
  const reads: (string | null)[] = [];
  const read = async (cursor: string | null): Promise<TracePage> => {
    reads.push(cursor);
    const start = cursor === null ? 0 : Number(cursor);
    const end = start + size;
    const page = ids.slice(start, end);
    return { traces: page.map(row), next_cursor: end < ids.length ? String(end) : null, recheck_after_ms: recheck(page) };
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

describe("re-reading the rows shown running when the server said one may have timed out", () => {
  // In this list, "run5" times out in 4 s and "run150" in 2 s (server's answer per page: the soonest in it).
  const runningIn = (page: string[]) => {
    const waits = page.map((id) => ({ run5: 4000, run150: 2000 })[id]).filter((w) => w !== undefined);
    return waits.length ? Math.min(...waits) : null;
  };
  const list = names("t", 300).map((id) => ({ t5: "run5", t150: "run150" })[id] ?? id);

  it("reads from the top down to the page holding the last running row, and no further", async () => {
    const server = pagesOf(list, 100, runningIn);
    const reread = await rereadUntilSeen(server.read, new Set(["run5", "run150"]), 4);
    expect(server.reads).toEqual([null, "100"]);
    expect(reread.rows.map((r) => r.root_span_id)).toContain("run150");
  });

  it("asks for the next recheck at the soonest wait over the pages read", async () => {
    const reread = await rereadUntilSeen(pagesOf(list, 100, runningIn).read, new Set(["run5", "run150"]), 4);
    expect(reread.recheckAfterMs).toBe(2000);
  });

  it("reads nothing when no row is shown running", async () => {
    const server = pagesOf(list, 100, runningIn);
    const reread = await rereadUntilSeen(server.read, new Set(), 4);
    expect(server.reads).toEqual([]);
    expect(reread.recheckAfterMs).toBeNull();
  });

  it("stops after the pages the table holds when a running row is no longer in the list", async () => {
    const server = pagesOf(list, 100, runningIn);
    await rereadUntilSeen(server.read, new Set(["deleted"]), 2);
    expect(server.reads).toEqual([null, "100"]);
    const short = pagesOf(names("t", 30), 100);
    await rereadUntilSeen(short.read, new Set(["deleted"]), 5);
    expect(short.reads).toEqual([null]);
  });

  it("reports the running rows the list no longer holds once it was read to its end, and none before", async () => {
    // Under status=running: run5 went quiet (unfinished now), so the filtered list holds only run150.
    const filtered = await rereadUntilSeen(pagesOf(["run150"], 100).read, new Set(["run5", "run150"]), 4);
    expect([...filtered.gone]).toEqual(["run5"]);
    const cutShort = await rereadUntilSeen(pagesOf(list, 100, runningIn).read, new Set(["deleted"]), 2);
    expect(cutShort.gone.size).toBe(0);
  });

  it("catching up with live traces also reports the soonest wait of the pages it read", async () => {
    const server = pagesOf([...names("new", 150), "run5", ...names("old", 10)], 100, (page) => (page.includes("run5") ? 4000 : page.includes("new0") ? 9000 : null));
    const caught = await readUntilLoaded(server.read, new Set(names("old", 10)));
    expect(caught.recheckAfterMs).toBe(4000);
  });
});

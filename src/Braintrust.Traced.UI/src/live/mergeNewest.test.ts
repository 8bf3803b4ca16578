import { describe, expect, it } from "vitest";
import type { TraceRow } from "../api/types";
import { mergeNewest, replaceLoaded } from "./useTraceList";

const row = (id: string, name = id): TraceRow => ({
  id, span_id: id, root_span_id: id, parent_span_id: null, name, type: "task", start: null, end: null, duration_ms: 1, last_heard: null, running: false, created: null,
  has_error: false, scores: {}, xact_id: "1", input_preview: null, output_preview: null, tags: [], span_count: 1,
  tokens: { prompt: 0, completion: 0, total: 0 },
});

describe("live merge", () => {
  it("prepends new traces, updates known ones in place and keeps older loaded rows", () => {
    const merged = mergeNewest([row("b"), row("c"), row("old")], [row("a"), row("b", "b-updated"), row("c")]);
    expect(merged.map((r) => r.name)).toEqual(["a", "b-updated", "c", "old"]);
  });
});

describe("re-read running rows", () => {
  it("updates the loaded rows in place and adds or moves nothing, so scroll and selection stay", () => {
    const replaced = replaceLoaded([row("a"), row("b"), row("c")], [row("new"), row("c", "c-unfinished"), row("a", "a-unfinished")]);
    expect(replaced.map((r) => r.name)).toEqual(["a-unfinished", "b", "c-unfinished"]);
  });
});

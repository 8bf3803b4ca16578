import { describe, expect, it } from "vitest";
import type { SpanNode } from "../api/types";
import { ancestorsOf, visibleRows } from "./treeModel";

const node = (span_id: string, children: SpanNode[] = []): SpanNode => ({
  id: `row-${span_id}`, span_id, root_span_id: "a", parent_span_id: null, name: span_id, type: "function", start: null, end: null,
  duration_ms: null, last_heard: null, running: false, created: null, has_error: false, scores: {}, xact_id: "1", offset_ms: 0, comments: [], children,
});

describe("span tree", () => {
  const roots = [node("a", [node("b", [node("c")]), node("d")])];

  it("lists spans depth-first with depths", () => {
    expect(visibleRows(roots, new Set()).map((r) => `${r.node.span_id}${r.depth}`)).toEqual(["a0", "b1", "c2", "d1"]);
  });

  it("hides children of collapsed spans", () => {
    expect(visibleRows(roots, new Set(["b"])).map((r) => r.node.span_id)).toEqual(["a", "b", "d"]);
  });

  it("finds the ancestors of a nested span", () => {
    expect(ancestorsOf(roots, "c")).toEqual(["a", "b"]);
  });
});

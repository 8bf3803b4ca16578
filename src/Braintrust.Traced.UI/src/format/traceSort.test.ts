import { describe, expect, it } from "vitest";
import { describeSort, mergesLiveTraces, nextSort, sortOf, withSort } from "./traceSort";

describe("server-side sort", () => {
  it("defaults to newest first and keeps the default out of the URL", () => {
    expect(sortOf({})).toEqual({ key: "time", descending: true });
    expect(withSort({ q: "x", sort: "duration", order: "asc" }, { key: "time", descending: true })).toEqual({ q: "x" });
    expect(withSort({ q: "x" }, { key: "tokens", descending: false })).toEqual({ q: "x", sort: "tokens", order: "asc" });
  });

  it("cycles a header: descending, ascending, back to the default", () => {
    let sort = sortOf({});
    sort = nextSort(sort, "duration");
    expect(sort).toEqual({ key: "duration", descending: true });
    sort = nextSort(sort, "duration");
    expect(sort).toEqual({ key: "duration", descending: false });
    sort = nextSort(sort, "duration");
    expect(sort).toEqual({ key: "time", descending: true });
    expect(nextSort(sort, "time")).toEqual({ key: "time", descending: false });
  });

  it("merges live traces only when newest first", () => {
    expect(mergesLiveTraces({ key: "time", descending: true })).toBe(true);
    expect(mergesLiveTraces({ key: "time", descending: false })).toBe(false);
    expect(mergesLiveTraces({ key: "name", descending: true })).toBe(false);
  });

  it("describes the order in words", () => {
    expect(describeSort({ key: "duration", descending: true })).toBe("longest first");
    expect(describeSort({ key: "name", descending: false })).toBe("name A–Z");
  });
});

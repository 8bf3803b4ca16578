import { describe, expect, it } from "vitest";
import { formatLocalTimestamp, spanStatus, unfinishedTitle } from "./spanStatus";

const span = (over: Partial<Parameters<typeof spanStatus>[0]>) => ({
  start: "2026-12-06T04:00:00.000Z", end: null, running: false, last_heard: null, ...over,
});

describe("span status", () => {
  it("is running only when the server says so", () => {
    expect(spanStatus(span({ running: true }))).toBe("running");
    expect(spanStatus(span({ running: false, last_heard: "2026-12-06T04:10:00.000Z" }))).toBe("unfinished");
  });

  it("is ended for a span with an end or without a start", () => {
    expect(spanStatus(span({ end: "2026-12-06T04:00:01.000Z" }))).toBe("ended");
    expect(spanStatus(span({ start: null }))).toBe("ended");
  });
});

describe("the unfinished badge's title", () => {
  // Built with the local-time constructor, so the expected text holds in any time zone.
  const heard = new Date(2026, 11, 6, 4, 12, 55).toISOString();

  it("says when the span was last heard from, in local time", () => {
    expect(unfinishedTitle(span({ last_heard: heard }))).toBe(
      "No end time logged; last heard from 2026-12-06 04:12:55 — the process that logged it may have stopped",
    );
  });

  it("falls back to the start when the server never recorded when it heard of the span", () => {
    expect(unfinishedTitle(span({ start: heard, last_heard: null }))).toBe(
      "No end time logged; started 2026-12-06 04:12:55, not heard from since — the process that logged it may have stopped",
    );
  });

  it("shows text that is no timestamp as it is", () => {
    expect(formatLocalTimestamp("soon")).toBe("soon");
  });
});

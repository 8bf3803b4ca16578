import { describe, expect, it } from "vitest";
import { barEndMs, barGeometry, timelineTotalMs, type TimelineSpan } from "./timeline";

const traceStart = "2026-12-06T04:00:00.000Z";
const t0 = Date.parse(traceStart);
const at = (ms: number) => new Date(t0 + ms).toISOString();

const span = (over: Partial<TimelineSpan>): TimelineSpan => ({
  start: traceStart, end: at(1000), running: false, last_heard: at(1000), offset_ms: 0, duration_ms: 1000, ...over,
});

describe("span tree timeline", () => {
  const dayLater = t0 + 86_400_000;

  it("reaches to now while a span runs", () => {
    const running = span({ end: null, duration_ms: null, running: true, last_heard: at(500) });
    expect(timelineTotalMs(traceStart, null, [span({}), running], dayLater)).toBe(86_400_000);
    expect(barEndMs(running)).toBeNull();
    expect(barGeometry({ ...running, offset_ms: 43_200_000 }, 86_400_000)).toEqual({ left: 50, width: 50 });
  });

  it("ends an unfinished span where it was last heard of, and does not stretch the timeline to now", () => {
    const unfinished = span({ start: at(200), end: null, duration_ms: null, offset_ms: 200, last_heard: at(3200) });
    expect(barEndMs(unfinished)).toBe(3200);
    expect(timelineTotalMs(traceStart, null, [span({}), unfinished], dayLater)).toBe(3200);
    const { left, width } = barGeometry(unfinished, 3200);
    expect(left).toBeCloseTo(6.25);
    expect(width).toBeCloseTo(93.75);
  });

  it("ends an unfinished span at its start when the server never recorded when it heard of it", () => {
    const old = span({ start: at(400), end: null, duration_ms: null, offset_ms: 400, last_heard: null });
    expect(barEndMs(old)).toBe(400);
    expect(timelineTotalMs(traceStart, null, [span({}), old], dayLater)).toBe(1000);
    expect(barGeometry(old, 1000).width).toBe(0.5);
  });

  it("never ends an unfinished bar before its start when the server's clock is behind the logging process's", () => {
    expect(barEndMs(span({ start: at(400), end: null, offset_ms: 400, last_heard: at(100) }))).toBe(400);
  });

  it("sizes ended spans by their duration", () => {
    expect(timelineTotalMs(traceStart, 2000, [span({ offset_ms: 500, duration_ms: 1000 })], dayLater)).toBe(2000);
    expect(barGeometry(span({ offset_ms: 500, duration_ms: 1000 }), 2000)).toEqual({ left: 25, width: 50 });
  });
});

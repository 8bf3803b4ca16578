import { describe, expect, it } from "vitest";
import { earliestRecheck, maxTimerMs, recheckDelayMs, recheckMarginMs, soonerWait } from "./recheck";

describe("when an open view reads itself again", () => {
  it("waits the server's time plus a margin, and not at all when nothing runs", () => {
    expect(recheckDelayMs(3000)).toBe(3000 + recheckMarginMs);
    expect(recheckDelayMs(null)).toBeNull();
    expect(recheckDelayMs(undefined)).toBeNull();
  });

  it("never waits less than the margin, so a span timing out right now is read once it has", () => {
    expect(recheckDelayMs(0)).toBe(recheckMarginMs);
    expect(recheckDelayMs(-40)).toBe(recheckMarginMs);
  });

  it("caps a very long timeout at the longest timer the browser keeps, instead of firing at once over and over", () => {
    expect(recheckDelayMs(40 * 24 * 3600 * 1000)).toBe(maxTimerMs);
  });

  it("keeps the earliest recheck over the answers a list was built from, measured from when each arrived", () => {
    let at = earliestRecheck(null, 1000, 5000);
    expect(at).toBe(1000 + 5000 + recheckMarginMs);
    at = earliestRecheck(at, 2000, 1000);
    expect(at).toBe(2000 + 1000 + recheckMarginMs);
    at = earliestRecheck(at, 2500, 60_000);
    expect(at).toBe(3000 + recheckMarginMs);
    expect(earliestRecheck(at, 2600, null)).toBe(at);
    expect(earliestRecheck(null, 2600, null)).toBeNull();
  });

  it("takes the sooner of two server waits, a missing one being no wait", () => {
    expect(soonerWait(null, 5)).toBe(5);
    expect(soonerWait(3, 5)).toBe(3);
    expect(soonerWait(3, null)).toBe(3);
    expect(soonerWait(null, undefined)).toBeNull();
  });
});

import { afterEach, describe, expect, it, vi } from "vitest";
import { refreshScheduler } from "./refreshScheduler";

describe("scheduling live refreshes", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("keeps refreshing while spans arrive without pause, instead of waiting for a quiet moment", () => {
    vi.useFakeTimers();
    const refresh = vi.fn();
    const scheduler = refreshScheduler(250, refresh);
    for (let t = 0; t < 2000; t += 100) {
      scheduler.poke();
      vi.advanceTimersByTime(100);
    }
    expect(refresh.mock.calls.length).toBeGreaterThanOrEqual(6);
  });

  it("gathers a burst into one refresh, and cancel drops a pending one", () => {
    vi.useFakeTimers();
    const refresh = vi.fn();
    const scheduler = refreshScheduler(250, refresh);
    scheduler.poke();
    scheduler.poke();
    scheduler.poke();
    vi.advanceTimersByTime(300);
    expect(refresh).toHaveBeenCalledTimes(1);
    scheduler.poke();
    scheduler.cancel();
    vi.advanceTimersByTime(300);
    expect(refresh).toHaveBeenCalledTimes(1);
  });
});

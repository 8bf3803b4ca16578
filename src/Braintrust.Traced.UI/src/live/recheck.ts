// When an open view must read itself again although nothing was written: a running span that goes quiet turns
// unfinished once the server's running timeout passes, and no write (so no live event) announces that. The server
// says in each answer how long that is on its own clock (`recheck_after_ms`); the browser only measures the wait with
// its monotonic clock (performance.now()), so a wrong wall clock in the browser does not matter.

/** Added to the server's wait, so the re-read lands after the span timed out despite rounding and a slow answer. */
export const recheckMarginMs = 250;

/** The longest wait setTimeout keeps (about 24.8 days); a longer one would fire at once, and then over and over. */
export const maxTimerMs = 2 ** 31 - 1;

/** How long to wait before re-reading a view whose answer said `recheckAfterMs`; null when nothing in it runs. */
export function recheckDelayMs(recheckAfterMs: number | null | undefined, marginMs = recheckMarginMs): number | null {
  if (recheckAfterMs === null || recheckAfterMs === undefined || !Number.isFinite(recheckAfterMs)) return null;
  return Math.min(Math.max(0, recheckAfterMs) + marginMs, maxTimerMs);
}

/**
 * The moment (on the page's monotonic clock) a view built from several answers (the pages of a list) must be read
 * again: the earliest over its answers. An answer received at `answeredAt` with nothing running keeps `current`.
 */
export function earliestRecheck(current: number | null, answeredAt: number, recheckAfterMs: number | null | undefined): number | null {
  const delay = recheckDelayMs(recheckAfterMs);
  if (delay === null) return current;
  return current === null ? answeredAt + delay : Math.min(current, answeredAt + delay);
}

/** The sooner of two server waits (null: nothing running), e.g. over the pages read in one go. */
export function soonerWait(a: number | null, b: number | null | undefined): number | null {
  if (b === null || b === undefined) return a;
  return a === null ? b : Math.min(a, b);
}

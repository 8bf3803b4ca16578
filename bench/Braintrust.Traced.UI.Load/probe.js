// Injected before the app loads (Playwright init script). Records, while `start()`..`stop()`:
//  - every animation frame's timestamp (frame time = gap between consecutive requestAnimationFrame callbacks),
//  - long tasks (main-thread work > 50 ms, from the Long Tasks API),
//  - when each next keyset page was requested and when its rows were counted in the table footer,
//  - how long the table sat scrolled to its end with more rows still to come (the user waiting for a page).
(() => {
  const bench = { frames: [], longTasks: [], pageFetches: [], rowCounts: [], stalledMs: 0, lastCount: 0, recording: false };
  window.__bench = bench;
  bench.start = () => {
    bench.frames = [];
    bench.longTasks = [];
    bench.pageFetches = [];
    bench.rowCounts = [];
    bench.stalledMs = 0;
    bench.recording = true;
  };
  bench.stop = () => {
    bench.recording = false;
  };
  let previous = 0;
  const tick = (t) => {
    const footer = document.querySelector(".table-footer");
    const count = footer ? Number((footer.textContent || "").split(" trace")[0].replace(/[^0-9]/g, "")) : 0;
    if (count !== bench.lastCount) {
      if (bench.recording && count > bench.lastCount) bench.rowCounts.push({ t, count });
      bench.lastCount = count;
    }
    if (bench.recording) {
      bench.frames.push(t);
      const scroller = document.querySelector("[data-testid=trace-scroller]");
      const atEnd = scroller && scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 2;
      const more = footer && !(footer.textContent || "").includes("end");
      if (atEnd && more && previous) bench.stalledMs += t - previous;
    }
    previous = t;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  try {
    new PerformanceObserver((list) => {
      if (bench.recording) for (const entry of list.getEntries()) bench.longTasks.push(entry.duration);
    }).observe({ type: "longtask" });
  } catch {
    // No Long Tasks API: the frame times still show jank.
  }
  const originalFetch = window.fetch.bind(window);
  window.fetch = async (input, init) => {
    const url = typeof input === "string" ? input : input.url;
    const started = performance.now();
    const response = await originalFetch(input, init);
    if (bench.recording && url.includes("/traces?") && url.includes("cursor=")) bench.pageFetches.push({ started, answered: performance.now() });
    return response;
  };
})();

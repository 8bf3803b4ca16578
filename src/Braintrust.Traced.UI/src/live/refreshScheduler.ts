/**
 * Runs `refresh` at most once per `delayMs` while events keep coming, starting `delayMs` after the first event of a
 * burst. Later events do not push it back (a debounce would: a project logging spans steadily would then never refresh).
 */
export function refreshScheduler(delayMs: number, refresh: () => void): { poke: () => void; cancel: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    poke: () => {
      if (timer !== undefined) return;
      timer = setTimeout(() => {
        timer = undefined;
        refresh();
      }, delayMs);
    },
    cancel: () => {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}

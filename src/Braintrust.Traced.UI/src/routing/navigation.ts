import { useSyncExternalStore } from "react";
import { parseRoute, type Route } from "./route";

// A tiny history-API router: the app's state lives in the URL, so back/forward and reload just work.
const listeners = new Set<() => void>();
let current = snapshot();

function snapshot(): { href: string; route: Route } {
  return { href: location.pathname + location.search, route: parseRoute(location.pathname, location.search) };
}

function notify(): void {
  current = snapshot();
  listeners.forEach((listener) => listener());
}

window.addEventListener("popstate", notify);

export function navigate(url: string, options: { replace?: boolean } = {}): void {
  if (url === location.pathname + location.search) return;
  if (options.replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  notify();
}

export function useRoute(): { href: string; route: Route } {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => current,
  );
}

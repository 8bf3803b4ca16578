import type { TraceFilters } from "../api/types";

/** Every screen of the app is a URL (deep links, reload, back/forward). */
export type Route =
  | { page: "sign-in"; next: string | null }
  | { page: "home" }
  | { page: "projects"; orgId: string }
  | { page: "logs"; orgId: string; projectId: string; filters: TraceFilters; traceId: string | null; spanId: string | null }
  | { page: "monitor"; orgId: string; projectId: string; range: string }
  | { page: "not-found"; path: string };

const filterKeys: (keyof TraceFilters)[] = ["q", "name", "tag", "error", "score", "metadata", "from", "to"];

export function parseRoute(pathname: string, search: string): Route {
  const params = new URLSearchParams(search);
  const parts = pathname.split("/").filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { page: "home" };
  if (parts[0] === "sign-in" && parts.length === 1) return { page: "sign-in", next: params.get("next") };
  if (parts[0] === "orgs" && parts.length >= 2) {
    const orgId = parts[1];
    if (parts.length === 2 || (parts.length === 3 && parts[2] === "projects")) return { page: "projects", orgId };
    if (parts[2] === "projects" && parts.length >= 4) {
      const projectId = parts[3];
      const filters: TraceFilters = {};
      for (const key of filterKeys) {
        const value = params.get(key);
        if (value) (filters as Record<string, string>)[key] = value;
      }
      if (parts.length === 4 || (parts.length === 5 && parts[4] === "logs")) {
        return { page: "logs", orgId, projectId, filters, traceId: null, spanId: null };
      }
      if (parts.length === 6 && parts[4] === "traces") {
        return { page: "logs", orgId, projectId, filters, traceId: parts[5], spanId: params.get("span") };
      }
      if (parts.length === 5 && parts[4] === "monitor") {
        return { page: "monitor", orgId, projectId, range: params.get("range") ?? "24h" };
      }
    }
  }
  return { page: "not-found", path: pathname };
}

const enc = encodeURIComponent;

export function logsUrl(orgId: string, projectId: string, filters: TraceFilters = {}, traceId?: string | null, spanId?: string | null): string {
  const params = new URLSearchParams();
  for (const key of filterKeys) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  if (traceId && spanId) params.set("span", spanId);
  const query = params.toString();
  const base = `/orgs/${enc(orgId)}/projects/${enc(projectId)}`;
  return `${base}${traceId ? `/traces/${enc(traceId)}` : "/logs"}${query ? `?${query}` : ""}`;
}

export const monitorUrl = (orgId: string, projectId: string, range: string) =>
  `/orgs/${enc(orgId)}/projects/${enc(projectId)}/monitor?range=${enc(range)}`;

export const projectsUrl = (orgId: string) => `/orgs/${enc(orgId)}/projects`;

export const signInUrl = (next?: string) => (next && next !== "/" ? `/sign-in?next=${enc(next)}` : "/sign-in");

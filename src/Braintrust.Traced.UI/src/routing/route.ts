import type { TraceFilters } from "../api/types";

/** Every screen of the app is a URL (deep links, reload, back/forward). */
export type Route =
  | { page: "sign-in"; next: string | null }
  | { page: "home" }
  | { page: "projects"; orgId: string }
  | { page: "logs"; orgId: string; projectId: string; filters: TraceFilters; traceId: string | null; spanId: string | null }
  | { page: "monitor"; orgId: string; projectId: string; range: MonitorRange }
  | { page: "not-found"; path: string };

/** A relative window ending now ("1h", "24h", ...) or an absolute one (UTC ISO instants). */
export type MonitorRange = string | { from: string; to: string };

const filterKeys: (keyof TraceFilters)[] = ["q", "name", "tag", "error", "status", "score", "metadata", "from", "to", "sort", "order"];

/** Values a hand-edited URL may get wrong; anything else is dropped rather than sent to fail on the server. */
const allowedValues: Partial<Record<keyof TraceFilters, readonly string[]>> = {
  sort: ["time", "duration", "name", "tokens"],
  order: ["desc", "asc"],
  error: ["true", "false"],
  status: ["running", "unfinished", "ended"],
};

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
        if (value && (!allowedValues[key] || allowedValues[key]!.includes(value))) (filters as Record<string, string>)[key] = value;
      }
      if (parts.length === 4 || (parts.length === 5 && parts[4] === "logs")) {
        return { page: "logs", orgId, projectId, filters, traceId: null, spanId: null };
      }
      if (parts.length === 6 && parts[4] === "traces") {
        return { page: "logs", orgId, projectId, filters, traceId: parts[5], spanId: params.get("span") };
      }
      if (parts.length === 5 && parts[4] === "monitor") {
        const from = params.get("from");
        const to = params.get("to");
        return { page: "monitor", orgId, projectId, range: from && to ? { from, to } : (params.get("range") ?? "24h") };
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

export const monitorUrl = (orgId: string, projectId: string, range: MonitorRange) =>
  `/orgs/${enc(orgId)}/projects/${enc(projectId)}/monitor?${
    typeof range === "string" ? `range=${enc(range)}` : `from=${enc(range.from)}&to=${enc(range.to)}`
  }`;

export const projectsUrl = (orgId: string) => `/orgs/${enc(orgId)}/projects`;

export const signInUrl = (next?: string) => (next && next !== "/" ? `/sign-in?next=${enc(next)}` : "/sign-in");

import { ApiError } from "./ApiError";
import type { FeedbackInput, MonitorData, Org, Project, TraceFilters, TracePage, TraceTree, SpanNode } from "./types";

// Every call is same-origin with the HttpOnly session cookie; the org picker's choice travels in X-Braintrust-Org,
// and X-Braintrust-UI marks our own requests (the server's CSRF check for cookie-authenticated writes).
const uiHeaders = (orgId?: string): Record<string, string> => {
  const headers: Record<string, string> = { "X-Braintrust-UI": "1", Accept: "application/json" };
  if (orgId) headers["X-Braintrust-Org"] = orgId;
  return headers;
};

let onUnauthorized: () => void = () => {};

/** The app registers what to do when the session ended (revoked key, server restart): go to sign-in. */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

async function request<T>(method: string, path: string, orgId?: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const headers = uiHeaders(orgId);
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, {
    method,
    headers,
    credentials: "same-origin",
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  });
  if (!response.ok) {
    const error = await ApiError.from(response);
    if (response.status === 401 && !path.startsWith("/api/ui/session")) onUnauthorized();
    throw error;
  }
  return (await response.json()) as T;
}

const enc = encodeURIComponent;

export function filtersToQuery(filters: TraceFilters, extra: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filters, ...extra })) {
    if (value !== undefined && value !== "") params.set(key, value);
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

export const api = {
  session: () => request<{ orgs: Org[] }>("GET", "/api/ui/session"),
  signIn: (apiKey: string) => request<{ orgs: Org[] }>("POST", "/api/ui/session", undefined, { api_key: apiKey }),
  signOut: (orgId?: string) => request<{ orgs: Org[] }>("DELETE", `/api/ui/session${orgId ? `?org=${enc(orgId)}` : ""}`),

  projects: (orgId: string) => request<{ projects: Project[] }>("GET", "/api/v1/projects", orgId),
  project: (orgId: string, projectId: string) => request<Project>("GET", `/api/v1/projects/${enc(projectId)}`, orgId),
  traces: (orgId: string, projectId: string, filters: TraceFilters, cursor: string | null, limit: number, signal?: AbortSignal) =>
    request<TracePage>("GET", `/api/v1/projects/${enc(projectId)}/traces${filtersToQuery(filters, { cursor: cursor ?? undefined, limit: String(limit) })}`, orgId, undefined, signal),
  trace: (orgId: string, projectId: string, rootSpanId: string, signal?: AbortSignal) =>
    request<TraceTree>("GET", `/api/v1/projects/${enc(projectId)}/traces/${enc(rootSpanId)}`, orgId, undefined, signal),
  span: (orgId: string, projectId: string, spanId: string) =>
    request<SpanNode>("GET", `/api/v1/projects/${enc(projectId)}/spans/${enc(spanId)}`, orgId),
  monitor: (orgId: string, projectId: string, from: string, to: string, signal?: AbortSignal) =>
    request<MonitorData>("GET", `/api/v1/projects/${enc(projectId)}/monitor?from=${enc(from)}&to=${enc(to)}`, orgId, undefined, signal),
  /** The same feedback path as the SDK's logFeedback (the REST feedback endpoint); `rowId` is the span's row id. */
  feedback: (orgId: string, projectId: string, rowId: string, feedback: FeedbackInput) =>
    request<{ status: string }>("POST", `/v1/project_logs/${enc(projectId)}/feedback`, orgId, {
      feedback: [{ id: rowId, source: "app", ...feedback }],
    }),
  /** URL of the server-sent-events stream; EventSource cannot send headers, so the org goes in the query. */
  liveUrl: (orgId: string, projectId: string) => `/api/v1/projects/${enc(projectId)}/live?bt_org=${enc(orgId)}`,
};

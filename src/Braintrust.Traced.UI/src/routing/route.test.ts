import { describe, expect, it } from "vitest";
import { logsUrl, monitorUrl, parseRoute } from "./route";

describe("routes", () => {
  it("round-trips a trace deep link with filters and a span", () => {
    const url = logsUrl("org 1", "p/2", { q: "hello world", error: "true" }, "root-1", "span-9");
    const [path, search] = url.split("?");
    expect(parseRoute(path, `?${search}`)).toEqual({
      page: "logs", orgId: "org 1", projectId: "p/2", filters: { q: "hello world", error: "true" }, traceId: "root-1", spanId: "span-9",
    });
  });

  it("reads the monitor range and defaults it to 24h", () => {
    expect(parseRoute("/orgs/o/projects/p/monitor", "")).toEqual({ page: "monitor", orgId: "o", projectId: "p", range: "24h" });
    expect(parseRoute("/orgs/o/projects/p/monitor", "?range=7d")).toMatchObject({ range: "7d" });
  });

  it("keeps an absolute monitor range in the URL", () => {
    const range = { from: "2026-01-10T14:00:00.000Z", to: "2026-01-11T02:30:00.000Z" };
    const url = monitorUrl("o", "p", range);
    const [path, search] = url.split("?");
    expect(parseRoute(path, `?${search}`)).toEqual({ page: "monitor", orgId: "o", projectId: "p", range });
    expect(parseRoute(path, "?from=2026-01-10T14:00:00.000Z")).toMatchObject({ range: "24h" });
  });

  it("keeps an absolute logs range in the URL", () => {
    const url = logsUrl("o", "p", { from: "2026-01-10T14:00:00.000Z", to: "2026-01-11T02:30:00.000Z" });
    const [path, search] = url.split("?");
    expect(parseRoute(path, `?${search}`)).toMatchObject({ filters: { from: "2026-01-10T14:00:00.000Z", to: "2026-01-11T02:30:00.000Z" } });
  });

  it("keeps the sort in the URL and drops values the server does not know", () => {
    const url = logsUrl("o", "p", { sort: "duration", order: "asc" });
    expect(url).toBe("/orgs/o/projects/p/logs?sort=duration&order=asc");
    expect(parseRoute("/orgs/o/projects/p/logs", "?sort=duration&order=asc")).toMatchObject({ filters: { sort: "duration", order: "asc" } });
    expect(parseRoute("/orgs/o/projects/p/logs", "?sort=color&order=up")).toMatchObject({ filters: {} });
  });

  it("keeps the status filter in the URL and drops a status the server does not know", () => {
    const url = logsUrl("o", "p", { status: "unfinished" });
    expect(url).toBe("/orgs/o/projects/p/logs?status=unfinished");
    expect(parseRoute("/orgs/o/projects/p/logs", "?status=unfinished")).toMatchObject({ filters: { status: "unfinished" } });
    expect(parseRoute("/orgs/o/projects/p/logs", "?status=crashed")).toMatchObject({ filters: {} });
  });

  it("reports unknown paths", () => {
    expect(parseRoute("/nope", "")).toEqual({ page: "not-found", path: "/nope" });
  });
});

import { describe, expect, it } from "vitest";
import { logsUrl, parseRoute } from "./route";

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

  it("reports unknown paths", () => {
    expect(parseRoute("/nope", "")).toEqual({ page: "not-found", path: "/nope" });
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fromLocalInput, toLocalInput, validateTimeRange } from "./timeRange";

describe("absolute time ranges", () => {
  // Node re-reads TZ when it changes: the tests run in New York whatever the machine's zone.
  beforeEach(() => {
    vi.stubEnv("TZ", "America/New_York");
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("reads local wall-clock input as the UTC instant it means", () => {
    expect(fromLocalInput("2026-01-10T09:00")).toBe("2026-01-10T14:00:00.000Z");
    expect(fromLocalInput("2026-07-10T09:00:30")).toBe("2026-07-10T13:00:30.000Z");
  });

  it("shows a UTC instant in local time, with seconds only when there are some", () => {
    expect(toLocalInput("2026-01-10T14:00:00.000Z")).toBe("2026-01-10T09:00");
    expect(toLocalInput("2026-01-10T14:00:05.000Z")).toBe("2026-01-10T09:00:05");
    expect(toLocalInput("garbage")).toBe("");
    expect(toLocalInput(undefined)).toBe("");
  });

  it("round-trips", () => {
    const iso = "2026-03-29T01:30:00.000Z";
    expect(fromLocalInput(toLocalInput(iso))).toBe(iso);
  });

  it("refuses what is not a date", () => {
    expect(fromLocalInput("")).toBeNull();
    expect(fromLocalInput("2026-02-31T10:00")).toBeNull();
    expect(fromLocalInput("yesterday")).toBeNull();
  });

  it("names the field of a bad range", () => {
    expect(validateTimeRange({ from: "2026-01-10T14:00:00Z", to: "2026-01-10T15:00:00Z" })).toBeNull();
    expect(validateTimeRange({ from: "2026-01-10T14:00:00Z" })).toBeNull();
    expect(validateTimeRange({ from: "2026-01-10T15:00:00Z", to: "2026-01-10T14:00:00Z" })).toBe("To: must be later than From");
    expect(validateTimeRange({ from: "nope" })).toBe("From: not a valid date and time");
  });
});

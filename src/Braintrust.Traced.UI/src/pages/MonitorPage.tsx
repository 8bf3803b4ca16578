import { useEffect, useMemo, useState, type FormEvent } from "react";
import { api } from "../api/client";
import type { MonitorData } from "../api/types";
import { navigate } from "../routing/navigation";
import { monitorUrl, type Route } from "../routing/route";
import { TimeSeriesChart, type Series } from "../components/TimeSeriesChart";
import { TimeRangeFields } from "../components/TimeRangeFields";
import { validateTimeRange, type TimeRange } from "../format/timeRange";

type MonitorRoute = Extract<Route, { page: "monitor" }>;

const ranges: Record<string, number> = { "1h": 3600, "6h": 6 * 3600, "24h": 24 * 3600, "7d": 7 * 86400, "30d": 30 * 86400 };
const palette = ["#4f7cff", "#f59e0b", "#10b981", "#ef4444", "#a855f7", "#06b6d4", "#84cc16"];

/** Charts over time: traces, latency p50/p95, error rate, tokens and score averages, for a chosen time range. */
export function MonitorPage({ route }: { route: MonitorRoute }) {
  const { orgId, projectId } = route;
  const custom = typeof route.range === "string" ? null : route.range;
  const range = typeof route.range === "string" && route.range in ranges ? route.range : custom ? "custom" : "24h";
  const [data, setData] = useState<MonitorData | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The custom pickers' draft; applied (and put in the URL) only when valid.
  const [draft, setDraft] = useState<TimeRange | null>(custom);
  const [draftError, setDraftError] = useState<string | null>(null);
  const customFrom = custom?.from;
  const customTo = custom?.to;
  useEffect(() => setDraft(customFrom && customTo ? { from: customFrom, to: customTo } : null), [customFrom, customTo]);

  useEffect(() => {
    const controller = new AbortController();
    let from: string;
    let to: string;
    if (customFrom && customTo) {
      [from, to] = [customFrom, customTo];
    } else {
      const now = new Date();
      [from, to] = [new Date(now.getTime() - ranges[range] * 1000).toISOString(), now.toISOString()];
    }
    setData(null);
    setError(null);
    api.monitor(orgId, projectId, from, to, controller.signal).then(
      (result) => setData(result),
      (e: Error) => !controller.signal.aborted && setError(e.message),
    );
    return () => controller.abort();
  }, [orgId, projectId, range, customFrom, customTo]);

  const applyCustom = (event: FormEvent) => {
    event.preventDefault();
    const chosen = draft ?? {};
    const problem = !chosen.from ? "From: choose a date and time" : !chosen.to ? "To: choose a date and time" : validateTimeRange(chosen);
    setDraftError(problem);
    if (!problem) navigate(monitorUrl(orgId, projectId, { from: chosen.from!, to: chosen.to! }));
  };

  const openCustom = () => {
    // Start from the window on screen, so adjusting it is one small edit.
    const to = new Date();
    const from = new Date(to.getTime() - (ranges[range] ?? 86400) * 1000);
    setDraft({ from: from.toISOString(), to: to.toISOString() });
    setDraftError(null);
  };

  const charts = useMemo(() => (data ? chartsOf(data) : null), [data]);

  return (
    <section className="monitor-page">
      <div className="toolbar">
        <h2>Monitor</h2>
        <div className="range-picker" role="group" aria-label="Time range">
          {Object.keys(ranges).map((key) => (
            <button key={key} type="button" className={key === range ? "active" : ""} aria-pressed={key === range} onClick={() => navigate(monitorUrl(orgId, projectId, key))}>
              {key}
            </button>
          ))}
          <button type="button" className={draft || custom ? "active" : ""} aria-pressed={Boolean(custom)} onClick={openCustom}>
            custom…
          </button>
        </div>
        {draft && (
          <form className="custom-range" onSubmit={applyCustom} aria-label="Custom range">
            <TimeRangeFields range={draft} onChange={setDraft} />
            <button type="submit" className="primary">Apply range</button>
            {draftError && <span className="field-error" role="alert">{draftError}</span>}
          </form>
        )}
      </div>
      {error && <div className="notice error" role="alert">{error}</div>}
      {!charts && !error && <div className="notice">Loading…</div>}
      {charts && (
        <div className="chart-grid">
          <TimeSeriesChart title="Traces" times={charts.times} series={charts.count} />
          <TimeSeriesChart title="Latency" times={charts.times} series={charts.latency} unit=" ms" />
          <TimeSeriesChart title="Error rate" times={charts.times} series={charts.errorRate} unit="%" />
          <TimeSeriesChart title="Tokens" times={charts.times} series={charts.tokens} />
          <TimeSeriesChart title="Scores" times={charts.times} series={charts.scores} />
        </div>
      )}
    </section>
  );
}

function chartsOf(data: MonitorData) {
  const buckets = data.buckets;
  const times = buckets.map((b) => new Date(b.start).getTime() / 1000);
  const scoreNames = [...new Set(buckets.flatMap((b) => Object.keys(b.scores)))].sort();
  const one = (label: string, values: (number | null)[], color = palette[0]): Series[] => [{ label, values, color }];
  return {
    times,
    count: one("traces", buckets.map((b) => b.count)),
    latency: [
      { label: "p50", values: buckets.map((b) => b.latency_p50_ms), color: palette[0] },
      { label: "p95", values: buckets.map((b) => b.latency_p95_ms), color: palette[1] },
    ],
    errorRate: one("errors", buckets.map((b) => (b.count > 0 ? (100 * b.errors) / b.count : null)), palette[3]),
    tokens: one("tokens", buckets.map((b) => b.tokens), palette[2]),
    scores: scoreNames.map((name, i) => ({ label: name, values: buckets.map((b) => b.scores[name] ?? null), color: palette[(i + 4) % palette.length] })),
  };
}

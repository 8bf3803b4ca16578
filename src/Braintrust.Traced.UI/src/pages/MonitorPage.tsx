import { useEffect, useMemo, useState } from "react";
import { api } from "../api/client";
import type { MonitorData } from "../api/types";
import { navigate } from "../routing/navigation";
import { monitorUrl, type Route } from "../routing/route";
import { TimeSeriesChart, type Series } from "../components/TimeSeriesChart";

type MonitorRoute = Extract<Route, { page: "monitor" }>;

const ranges: Record<string, number> = { "1h": 3600, "6h": 6 * 3600, "24h": 24 * 3600, "7d": 7 * 86400, "30d": 30 * 86400 };
const palette = ["#4f7cff", "#f59e0b", "#10b981", "#ef4444", "#a855f7", "#06b6d4", "#84cc16"];

/** Charts over time: traces, latency p50/p95, error rate, tokens and score averages, for a chosen time range. */
export function MonitorPage({ route }: { route: MonitorRoute }) {
  const { orgId, projectId } = route;
  const range = route.range in ranges ? route.range : "24h";
  const [data, setData] = useState<MonitorData | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    const to = new Date();
    const from = new Date(to.getTime() - ranges[range] * 1000);
    setData(null);
    api.monitor(orgId, projectId, from.toISOString(), to.toISOString(), controller.signal).then(
      (result) => setData(result),
      (e: Error) => !controller.signal.aborted && setError(e.message),
    );
    return () => controller.abort();
  }, [orgId, projectId, range]);

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
        </div>
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

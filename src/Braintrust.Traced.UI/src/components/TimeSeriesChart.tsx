import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export interface Series {
  label: string;
  values: (number | null)[];
  color: string;
}

/** A line chart over time (uPlot: canvas, small and fast), resized with its container. */
export function TimeSeriesChart({ title, times, series, unit }: { title: string; times: number[]; series: Series[]; unit?: string }) {
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const options: uPlot.Options = {
      width: Math.max(200, element.clientWidth),
      height: 180,
      legend: { show: true },
      scales: { x: { time: true } },
      axes: [{ stroke: "#8a94a6" }, { stroke: "#8a94a6", size: 64, values: (_u, ticks) => ticks.map((t) => `${+t.toFixed(2)}${unit ?? ""}`) }],
      series: [{}, ...series.map((s) => ({ label: s.label, stroke: s.color, width: 2, spanGaps: false, points: { show: true, size: 4 } }))],
    };
    const chart = new uPlot(options, [times, ...series.map((s) => s.values)] as uPlot.AlignedData, element);
    const observer = new ResizeObserver(() => chart.setSize({ width: Math.max(200, element.clientWidth), height: 180 }));
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.destroy();
    };
  }, [times, series, unit]);

  const points = series.reduce((n, s) => n + s.values.filter((v) => v !== null && v !== 0).length, 0);
  return (
    <figure className="chart" data-chart={title} data-points={points}>
      <figcaption>{title}</figcaption>
      <div ref={container} className="chart-canvas" />
    </figure>
  );
}

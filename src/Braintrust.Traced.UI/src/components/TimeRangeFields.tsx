import { fromLocalInput, localTimeZoneName, toLocalInput, type TimeRange } from "../format/timeRange";

/**
 * From/To pickers for an absolute time range. They show and take local wall-clock time (the browser's zone is named
 * beside them) and hand back UTC ISO instants, which is what URLs and the API carry.
 */
export function TimeRangeFields({ range, onChange }: { range: TimeRange; onChange: (range: TimeRange) => void }) {
  const zone = localTimeZoneName();
  const set = (key: keyof TimeRange, value: string) => onChange({ ...range, [key]: fromLocalInput(value) ?? undefined });
  return (
    <span className="time-range-fields" role="group" aria-label="Custom time range">
      <label>
        <span className="small muted">from</span>
        <input type="datetime-local" step={1} aria-label="From" value={toLocalInput(range.from)} onChange={(e) => set("from", e.target.value)} />
      </label>
      <label>
        <span className="small muted">to</span>
        <input type="datetime-local" step={1} aria-label="To" value={toLocalInput(range.to)} onChange={(e) => set("to", e.target.value)} />
      </label>
      <span className="small muted" title="Times are shown and entered in this time zone; links carry UTC">{zone}</span>
    </span>
  );
}

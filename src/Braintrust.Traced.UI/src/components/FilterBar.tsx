import { useEffect, useState, type FormEvent } from "react";
import type { TraceFilters } from "../api/types";
import { validateTimeRange } from "../format/timeRange";
import { TimeRangeFields } from "./TimeRangeFields";

/**
 * Relative time ranges; choosing one fills in an absolute `from` (shown in the From/To pickers), so a shared link
 * shows the same traces tomorrow.
 */
const timeRanges: Record<string, number> = { "Last hour": 3600, "Last 24 hours": 86400, "Last 7 days": 7 * 86400, "Last 30 days": 30 * 86400 };

/** The query API's filters as a form; applying it updates the URL (so a filtered view can be shared). */
export function FilterBar({ filters, onApply }: { filters: TraceFilters; onApply: (filters: TraceFilters) => void }) {
  const [draft, setDraft] = useState<TraceFilters>(filters);
  const [error, setError] = useState<string | null>(null);
  // The pickers stay open once chosen, even before a time is entered; a range in the URL opens them too.
  const [customOpen, setCustomOpen] = useState(false);
  useEffect(() => setDraft(filters), [filters]);
  const showCustom = customOpen || Boolean(draft.from || draft.to);

  const set = (key: keyof TraceFilters, value: string) => setDraft((d) => ({ ...d, [key]: value || undefined }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = validate(draft);
    setError(problem);
    if (!problem) onApply(draft);
  };

  return (
    <form className="filter-bar" onSubmit={submit} role="search" aria-label="Filter traces">
      <input aria-label="Search" className="search" placeholder="Search input, output, metadata…" value={draft.q ?? ""} onChange={(e) => set("q", e.target.value)} />
      <input aria-label="Span name" placeholder="name" value={draft.name ?? ""} onChange={(e) => set("name", e.target.value)} />
      <input aria-label="Tag" placeholder="tag" value={draft.tag ?? ""} onChange={(e) => set("tag", e.target.value)} />
      <input aria-label="Score range" placeholder="score: name:min:max" value={draft.score ?? ""} onChange={(e) => set("score", e.target.value)} />
      <input aria-label="Metadata" placeholder="metadata: key:value" value={draft.metadata ?? ""} onChange={(e) => set("metadata", e.target.value)} />
      <select
        aria-label="Time range"
        value={showCustom ? "custom" : ""}
        onChange={(e) => {
          const choice = e.target.value;
          const seconds = timeRanges[choice];
          setCustomOpen(choice !== "");
          setDraft((d) => ({ ...d, from: seconds ? new Date(Date.now() - seconds * 1000).toISOString() : undefined, to: undefined }));
        }}
      >
        <option value="">any time</option>
        {Object.keys(timeRanges).map((label) => (
          <option key={label} value={label}>{label.toLowerCase()}</option>
        ))}
        <option value="custom">from… to…</option>
      </select>
      {showCustom && <TimeRangeFields range={{ from: draft.from, to: draft.to }} onChange={(range) => setDraft((d) => ({ ...d, from: range.from, to: range.to }))} />}
      <select aria-label="Errors" value={draft.error ?? ""} onChange={(e) => set("error", e.target.value)}>
        <option value="">all</option>
        <option value="true">errors only</option>
        <option value="false">no errors</option>
      </select>
      <select aria-label="Status" value={draft.status ?? ""} onChange={(e) => set("status", e.target.value)}>
        <option value="">all</option>
        <option value="running">running</option>
        <option value="unfinished">unfinished</option>
        <option value="ended">ended</option>
      </select>
      <button type="submit" className="primary">Apply</button>
      <button
        type="button"
        onClick={() => {
          setCustomOpen(false);
          onApply({});
        }}
      >
        Clear
      </button>
      {error && <span className="field-error" role="alert">{error}</span>}
    </form>
  );
}

/** Same rules as the server, checked before sending so the message appears next to the form at once. */
export function validate(filters: TraceFilters): string | null {
  if (filters.score) {
    const parts = filters.score.split(":");
    if (parts.length < 3 || !parts.slice(0, -2).join(":")) return "score: use name:min:max (e.g. accuracy:0.5:1; min or max may be empty)";
    for (const bound of parts.slice(-2)) {
      if (bound !== "" && Number.isNaN(Number(bound))) return `score: bound '${bound}' is not a number`;
    }
  }
  if (filters.metadata && filters.metadata.indexOf(":") <= 0) return "metadata: use key:value";
  return validateTimeRange({ from: filters.from, to: filters.to });
}

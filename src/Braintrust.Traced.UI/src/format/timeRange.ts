// Absolute time ranges: people pick local wall-clock times; URLs and the API carry UTC ISO-8601 instants, so a
// shared link means the same instants for a colleague in another time zone.

const pad = (n: number) => String(n).padStart(2, "0");

/** An ISO instant as the value of an `<input type="datetime-local">`, in the browser's time zone ("" if invalid). */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const base = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
  return date.getSeconds() === 0 && date.getMilliseconds() === 0 ? base : `${base}:${pad(date.getSeconds())}`;
}

/** A datetime-local value (local wall-clock time) as a UTC ISO instant; null when empty or not a valid time. */
export function fromLocalInput(value: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/.exec(value.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
  const date = new Date(y, mo - 1, d, h, mi, Number.isNaN(s) ? 0 : s);
  // Reject rolled-over dates such as February 31st rather than silently moving them into March.
  if (date.getFullYear() !== y || date.getMonth() !== mo - 1 || date.getDate() !== d) return null;
  return date.toISOString();
}

export interface TimeRange {
  from?: string;
  to?: string;
}

/** Checks a range before it is sent; the message names the field, as the server's own errors do. */
export function validateTimeRange(range: TimeRange): string | null {
  const from = range.from ? Date.parse(range.from) : null;
  const to = range.to ? Date.parse(range.to) : null;
  if (from !== null && Number.isNaN(from)) return "From: not a valid date and time";
  if (to !== null && Number.isNaN(to)) return "To: not a valid date and time";
  if (from !== null && to !== null && to <= from) return "To: must be later than From";
  return null;
}

/** The browser's time zone, shown beside the pickers so nobody wonders which clock the times are on. */
export function localTimeZoneName(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "local time";
  } catch {
    return "local time";
  }
}

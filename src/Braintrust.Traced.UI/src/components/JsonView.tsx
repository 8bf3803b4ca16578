import { useState } from "react";

const isContainer = (value: unknown): value is Record<string, unknown> | unknown[] => typeof value === "object" && value !== null;

/**
 * Pretty JSON as a tree whose objects and arrays fold. Every value is rendered as text by React (escaped), so logged
 * markup such as <img onerror=...> is shown, never interpreted.
 */
export function JsonView({ value, depth = 0 }: { value: unknown; depth?: number }) {
  // A top-level string (a prompt, an answer) reads best as plain text; nested strings keep their JSON quotes.
  if (depth === 0 && typeof value === "string") return <span className="json-text">{value}</span>;
  if (!isContainer(value)) return <JsonScalar value={value} />;
  return <JsonContainer value={value} depth={depth} />;
}

function JsonScalar({ value }: { value: unknown }) {
  if (typeof value === "string") return <span className="json-string">{value.includes("\n") ? value : JSON.stringify(value)}</span>;
  if (typeof value === "number") return <span className="json-number">{String(value)}</span>;
  if (typeof value === "boolean") return <span className="json-boolean">{String(value)}</span>;
  return <span className="json-null">null</span>;
}

function JsonContainer({ value, depth }: { value: Record<string, unknown> | unknown[]; depth: number }) {
  const entries: [string, unknown][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  const [open, setOpen] = useState(depth < 3 && entries.length <= 200);
  const [openBracket, closeBracket] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
  if (entries.length === 0) return <span className="json-punct">{openBracket + closeBracket}</span>;
  return (
    <span className="json-container">
      <button type="button" className="json-toggle" aria-expanded={open} onClick={() => setOpen(!open)} aria-label={open ? "Collapse" : "Expand"}>
        {open ? "▾" : "▸"}
      </button>
      <span className="json-punct">{openBracket}</span>
      {open ? (
        <span className="json-entries">
          {entries.map(([key, child]) => (
            <span className="json-entry" key={key}>
              {!Array.isArray(value) && <span className="json-key">{JSON.stringify(key)}: </span>}
              <JsonView value={child} depth={depth + 1} />
            </span>
          ))}
        </span>
      ) : (
        <span className="json-summary muted"> {entries.length} {Array.isArray(value) ? "items" : "keys"} </span>
      )}
      <span className="json-punct">{closeBracket}</span>
    </span>
  );
}

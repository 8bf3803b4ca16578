import { useState, type ReactNode } from "react";
import { prettyJson } from "../format/format";
import { CopyButton } from "./CopyButton";
import { JsonView } from "./JsonView";

/** A collapsible section of the span details (Input, Output, Metadata, …) with a copy button for its JSON. */
export function DetailSection({ title, value, children, startOpen = true }: { title: string; value: unknown; children?: ReactNode; startOpen?: boolean }) {
  const [open, setOpen] = useState(startOpen);
  const id = `section-${title.toLowerCase().replace(/\W+/g, "-")}`;
  return (
    <section className="detail-section" aria-labelledby={id} data-section={title}>
      <header>
        <button type="button" id={id} className="section-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? "▾" : "▸"} {title}
        </button>
        {value !== null && value !== undefined && <CopyButton text={prettyJson(value)} label={title} />}
      </header>
      {open && <div className="detail-body">{children ?? <pre className="json"><JsonView value={value} /></pre>}</div>}
    </section>
  );
}

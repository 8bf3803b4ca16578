import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import type { TraceTree } from "../api/types";
import { ancestorsOf, visibleRows } from "../format/treeModel";
import { formatDuration } from "../format/format";
import { spanStatus } from "../format/spanStatus";
import { barGeometry, timelineTotalMs } from "../format/timeline";
import { SpanDuration } from "./SpanDuration";
import { SpanTypeIcon } from "./SpanTypeIcon";
import { ScoreBadges } from "./ScoreBadges";

/**
 * The span tree with a timing waterfall: each span's bar sits at its offset from the trace start, as wide as its
 * duration. Keyboard: ↑/↓ select, ← collapses (or goes to the parent), → expands (or goes to the first child).
 */
export function SpanTree({ trace, selectedSpanId, onSelect }: { trace: TraceTree; selectedSpanId: string | null; onSelect: (spanId: string) => void }) {
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const rows = useMemo(() => visibleRows(trace.spans, collapsed), [trace, collapsed]);
  // While spans still run, the timeline reaches to now (as of this render): their bars show how long they have run.
  // Unfinished spans (no end, no longer heard from) end where they were last heard of and never stretch it to now.
  const total = timelineTotalMs(trace.start, trace.duration_ms, rows.map((r) => r.node), Date.now());
  const container = useRef<HTMLDivElement>(null);

  // A deep link to a nested span opens the branches above it.
  useEffect(() => {
    if (!selectedSpanId) return;
    const path = ancestorsOf(trace.spans, selectedSpanId);
    setCollapsed((current) => (path.some((id) => current.has(id)) ? new Set([...current].filter((id) => !path.includes(id))) : current));
  }, [trace, selectedSpanId]);

  useEffect(() => {
    container.current?.querySelector<HTMLElement>("[aria-selected='true']")?.scrollIntoView({ block: "nearest" });
  }, [selectedSpanId]);

  const toggle = (spanId: string) =>
    setCollapsed((current) => {
      const next = new Set(current);
      if (next.has(spanId)) next.delete(spanId);
      else next.add(spanId);
      return next;
    });

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = rows.findIndex((r) => r.node.span_id === selectedSpanId);
    const row = rows[index];
    let handled = true;
    if (event.key === "ArrowDown" || event.key === "j") onSelect(rows[Math.min(rows.length - 1, index + 1)].node.span_id);
    else if (event.key === "ArrowUp" || event.key === "k") onSelect(rows[Math.max(0, index - 1)].node.span_id);
    else if (event.key === "ArrowRight" && row) {
      if (row.hasChildren && collapsed.has(row.node.span_id)) toggle(row.node.span_id);
      else if (row.hasChildren) onSelect(row.node.children[0].span_id);
    } else if (event.key === "ArrowLeft" && row) {
      if (row.hasChildren && !collapsed.has(row.node.span_id)) toggle(row.node.span_id);
      else if (row.node.parent_span_id && rows.some((r) => r.node.span_id === row.node.parent_span_id)) onSelect(row.node.parent_span_id);
    } else handled = false;
    if (handled) event.preventDefault();
  };

  return (
    <div className="span-tree" role="tree" aria-label="Spans" tabIndex={0} onKeyDown={onKeyDown} ref={container}>
      {rows.map(({ node, depth, hasChildren }) => {
        const { left, width } = barGeometry(node, total);
        const status = spanStatus(node);
        const expanded = hasChildren ? !collapsed.has(node.span_id) : undefined;
        return (
          <div
            key={node.span_id}
            role="treeitem"
            aria-level={depth + 1}
            aria-expanded={expanded}
            aria-selected={node.span_id === selectedSpanId}
            data-span-id={node.span_id}
            className={["span-row", node.span_id === selectedSpanId ? "selected" : "", node.has_error ? "has-error" : ""].join(" ")}
            onClick={() => onSelect(node.span_id)}
          >
            <div className="span-label" style={{ paddingLeft: depth * 16 }}>
              {hasChildren ? (
                <button
                  type="button"
                  className="toggle"
                  aria-label={expanded ? `Collapse ${node.name ?? "span"}` : `Expand ${node.name ?? "span"}`}
                  onClick={(e) => {
                    e.stopPropagation();
                    toggle(node.span_id);
                  }}
                >
                  {expanded ? "▾" : "▸"}
                </button>
              ) : (
                <span className="toggle-spacer" />
              )}
              <SpanTypeIcon type={node.type} />
              <span className="span-name">{node.name ?? "(unnamed)"}</span>
              {node.has_error && <span className="error-dot" title="error">error</span>}
              <ScoreBadges scores={node.scores} quietWhenEmpty />
            </div>
            <div className="waterfall" title={`${formatDuration(node.duration_ms)} at +${formatDuration(node.offset_ms)}`}>
              <div className={`bar bar-${node.type ?? "none"}${status === "ended" ? "" : ` bar-${status}`}`} style={{ left: `${left}%`, width: `${width}%` }} />
              <span className="bar-label"><SpanDuration span={node} durationMs={node.duration_ms} /></span>
            </div>
          </div>
        );
      })}
    </div>
  );
}

import { useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { useVirtualizer } from "@tanstack/react-virtual";
import type { TraceRow } from "../api/types";
import { traceColumns } from "./traceColumns";

const rowHeight = 36;

export interface SortState {
  column: string;
  descending: boolean;
}

/**
 * The logs table: only the rows in view are in the DOM (a project may hold a million traces), the next keyset page
 * loads as the end comes into view, and rows arriving live above keep the user's scroll position and selection.
 * Keyboard: ↑/↓ (or j/k) move, Enter opens, Home/End jump.
 */
export function TraceTable(props: {
  rows: TraceRow[];
  visibleColumns: string[];
  selectedId: string | null;
  sort: SortState | null;
  onSort: (sort: SortState | null) => void;
  onOpen: (row: TraceRow) => void;
  onNeedMore: () => void;
}) {
  const { rows, visibleColumns, selectedId, sort, onSort, onOpen, onNeedMore } = props;
  const columns = traceColumns.filter((c) => visibleColumns.includes(c.id));
  const template = columns.map((c) => c.width).join(" ");
  const scroller = useRef<HTMLDivElement>(null);
  const [focused, setFocused] = useState(0);

  const sorted = useMemo(() => {
    const column = sort && traceColumns.find((c) => c.id === sort.column);
    if (!column?.sortValue) return rows;
    const value = column.sortValue;
    const copy = [...rows];
    copy.sort((a, b) => {
      const x = value(a);
      const y = value(b);
      const order = x < y ? -1 : x > y ? 1 : 0;
      return sort!.descending ? -order : order;
    });
    return copy;
  }, [rows, sort]);

  const virtualizer = useVirtualizer({
    count: sorted.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 12,
    getItemKey: (index) => sorted[index].root_span_id,
  });
  const items = virtualizer.getVirtualItems();

  // Live rows prepended above: shift the scroll position by as many rows, so what the user looks at stays put.
  const firstId = useRef<string | null>(null);
  useLayoutEffect(() => {
    const element = scroller.current;
    const previousFirst = firstId.current;
    firstId.current = sorted[0]?.root_span_id ?? null;
    if (!element || !previousFirst || sort) return;
    const shift = sorted.findIndex((r) => r.root_span_id === previousFirst);
    if (shift > 0) {
      setFocused((f) => f + shift);
      if (element.scrollTop > 0) element.scrollTop += shift * rowHeight;
    }
  }, [sorted, sort]);

  useEffect(() => {
    const last = items[items.length - 1];
    if (last && last.index >= sorted.length - 20) onNeedMore();
  }, [items, sorted.length, onNeedMore]);

  const move = (index: number) => {
    const next = Math.max(0, Math.min(sorted.length - 1, index));
    setFocused(next);
    virtualizer.scrollToIndex(next, { align: "auto" });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (sorted.length === 0) return;
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(focused + 1),
      j: () => move(focused + 1),
      ArrowUp: () => move(focused - 1),
      k: () => move(focused - 1),
      Home: () => move(0),
      End: () => move(sorted.length - 1),
      PageDown: () => move(focused + 15),
      PageUp: () => move(focused - 15),
      Enter: () => sorted[focused] && onOpen(sorted[focused]),
    };
    const action = keys[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  };

  const headerClick = (id: string) => {
    if (!sort || sort.column !== id) onSort({ column: id, descending: true });
    else if (sort.descending) onSort({ column: id, descending: false });
    else onSort(null);
  };

  return (
    <div className="trace-table" role="grid" aria-label="Traces" aria-rowcount={sorted.length + 1}>
      <div className="trace-row header" role="row" style={{ gridTemplateColumns: template }}>
        {columns.map((column) => (
          <div key={column.id} role="columnheader" aria-sort={sort?.column === column.id ? (sort.descending ? "descending" : "ascending") : "none"}>
            {column.sortValue ? (
              <button type="button" className="header-button" onClick={() => headerClick(column.id)} title="Sort the loaded rows">
                {column.label}
                {sort?.column === column.id ? (sort.descending ? " ▼" : " ▲") : ""}
              </button>
            ) : (
              column.label
            )}
          </div>
        ))}
      </div>
      <div className="trace-scroller" ref={scroller} tabIndex={0} onKeyDown={onKeyDown} data-testid="trace-scroller">
        <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
          {items.map((item) => {
            const row = sorted[item.index];
            const classes = ["trace-row"];
            if (row.root_span_id === selectedId) classes.push("selected");
            if (item.index === focused) classes.push("focused");
            if (row.has_error) classes.push("has-error");
            return (
              <div
                key={item.key}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={row.root_span_id === selectedId}
                data-trace-id={row.root_span_id}
                className={classes.join(" ")}
                style={{ gridTemplateColumns: template, transform: `translateY(${item.start}px)`, height: rowHeight }}
                onClick={() => {
                  setFocused(item.index);
                  onOpen(row);
                }}
              >
                {columns.map((column) => (
                  <div key={column.id} role="gridcell" className={`cell cell-${column.id}`}>
                    {column.render(row)}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { useVirtualizer } from "@tanstack/react-virtual";
import type { TraceRow } from "../api/types";
import { mergesLiveTraces, nextSort, type TraceSort } from "../format/traceSort";
import { traceColumns } from "./traceColumns";
import { TraceTableRow } from "./TraceTableRow";
import { anchorOf, scrollTopHolding, scrollTopRevealing } from "./traceTableScroll";

const rowHeight = 36;

/**
 * The logs table: only the rows in view are in the DOM (a project may hold a million traces), the next keyset page
 * loads as the end comes into view, and rows arriving live above keep the user's scroll position and selection.
 * Rows come sorted by the server; a header click asks for another sort (which re-queries from the first page).
 * Keyboard: ↑/↓ (or j/k) move, Enter opens, Home/End jump.
 */
export function TraceTable(props: {
  rows: TraceRow[];
  visibleColumns: string[];
  selectedId: string | null;
  sort: TraceSort;
  onSort: (sort: TraceSort) => void;
  onOpen: (row: TraceRow) => void;
  onNeedMore: () => void;
}) {
  const { rows, visibleColumns, selectedId, sort, onSort, onOpen, onNeedMore } = props;
  // Stable between renders, so the memoized rows are not re-rendered for a new (equal) column list.
  const columns = useMemo(() => traceColumns.filter((c) => visibleColumns.includes(c.id)), [visibleColumns]);
  const template = columns.map((c) => c.width).join(" ");
  const scroller = useRef<HTMLDivElement>(null);
  const [focused, setFocused] = useState(0);
  const openRef = useRef(onOpen);
  openRef.current = onOpen;
  const activate = useCallback((index: number, row: TraceRow) => {
    setFocused(index);
    openRef.current(row);
  }, []);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 12,
    getItemKey: (index) => rows[index].root_span_id,
  });
  const items = virtualizer.getVirtualItems();

  // Rows arriving live above (newest first) must not move what the user is reading. Before the browser paints the
  // new rows, the row the user was looking at (see anchorOf) is put back where it was, and the keyboard focus follows
  // its row. The scroll position is written here directly, once: the virtualizer is never asked to scroll (its
  // scroll commands keep re-aiming at an index for a few frames, and after a prepend that index is another row).
  const shownRows = useRef<readonly TraceRow[]>(rows);
  useLayoutEffect(() => {
    const element = scroller.current;
    const before = shownRows.current;
    shownRows.current = rows;
    if (!element || before === rows || !mergesLiveTraces(sort)) return;
    const ids = rows.map((r) => r.root_span_id);
    setFocused((f) => {
      const index = f < before.length ? ids.indexOf(before[f].root_span_id) : -1;
      return index >= 0 ? index : f;
    });
    const anchor = anchorOf({
      ids: before.map((r) => r.root_span_id),
      scrollTop: element.scrollTop,
      viewportHeight: element.clientHeight,
      rowHeight,
      selectedId,
    });
    const top = anchor && scrollTopHolding(anchor, ids, rowHeight);
    if (top !== null && top !== element.scrollTop) element.scrollTop = top;
  }, [rows, sort, selectedId]);

  // Opening a trace narrows the table (the panel takes the rest of the page), which can wrap the toolbar and
  // shorten the table under the row just clicked: keep that row in view. A deep link opens a trace before its row
  // is loaded: reveal it when it arrives. Only then and when the selection changes, so scrolling away from an open
  // trace is left alone.
  const selectedLoaded = useMemo(() => selectedId !== null && rows.some((r) => r.root_span_id === selectedId), [rows, selectedId]);
  useLayoutEffect(() => {
    const element = scroller.current;
    const index = selectedId === null ? -1 : shownRows.current.findIndex((r) => r.root_span_id === selectedId);
    if (!element || index < 0) return;
    element.scrollTop = scrollTopRevealing(index, rowHeight, element.scrollTop, element.clientHeight);
  }, [selectedId, selectedLoaded]);

  // A new sort is a new list, read from its first page: start at its top.
  useEffect(() => {
    setFocused(0);
    scroller.current?.scrollTo({ top: 0 });
  }, [sort.key, sort.descending]);

  useEffect(() => {
    const last = items[items.length - 1];
    if (last && last.index >= rows.length - 20) onNeedMore();
  }, [items, rows.length, onNeedMore]);

  const move = (index: number) => {
    const next = Math.max(0, Math.min(rows.length - 1, index));
    setFocused(next);
    const element = scroller.current;
    if (element) element.scrollTop = scrollTopRevealing(next, rowHeight, element.scrollTop, element.clientHeight);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (rows.length === 0) return;
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(focused + 1),
      j: () => move(focused + 1),
      ArrowUp: () => move(focused - 1),
      k: () => move(focused - 1),
      Home: () => move(0),
      End: () => move(rows.length - 1),
      PageDown: () => move(focused + 15),
      PageUp: () => move(focused - 15),
      Enter: () => rows[focused] && onOpen(rows[focused]),
    };
    const action = keys[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  };

  return (
    <div className="trace-table" role="grid" aria-label="Traces" aria-rowcount={rows.length + 1}>
      <div className="trace-row header" role="row" style={{ gridTemplateColumns: template }}>
        {columns.map((column) => (
          <div key={column.id} role="columnheader" aria-sort={sort.key === column.sortKey ? (sort.descending ? "descending" : "ascending") : "none"}>
            {column.sortKey ? (
              <button type="button" className="header-button" onClick={() => onSort(nextSort(sort, column.sortKey!))} title={`Sort all traces by ${column.label.toLowerCase()}`}>
                {column.label}
                {sort.key === column.sortKey ? (sort.descending ? " ▼" : " ▲") : ""}
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
            const row = rows[item.index];
            return (
              <TraceTableRow
                key={item.key}
                row={row}
                index={item.index}
                start={item.start}
                height={rowHeight}
                columns={columns}
                template={template}
                selected={row.root_span_id === selectedId}
                focused={item.index === focused}
                onActivate={activate}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}

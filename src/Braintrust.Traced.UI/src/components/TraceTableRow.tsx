import { memo } from "react";
import type { TraceRow } from "../api/types";
import type { TraceColumn } from "./traceColumns";

/**
 * One row of the logs table. Memoized: while the user scrolls, rows already on screen keep their props (only their
 * offset changes when rows arrive above), so React renders just the rows entering the view, not every visible row
 * on every scroll frame.
 */
export const TraceTableRow = memo(function TraceTableRow(props: {
  row: TraceRow;
  index: number;
  start: number;
  height: number;
  columns: TraceColumn[];
  template: string;
  selected: boolean;
  focused: boolean;
  onActivate: (index: number, row: TraceRow) => void;
}) {
  const { row, index, start, height, columns, template, selected, focused, onActivate } = props;
  const classes = ["trace-row"];
  if (selected) classes.push("selected");
  if (focused) classes.push("focused");
  if (row.has_error) classes.push("has-error");
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-trace-id={row.root_span_id}
      className={classes.join(" ")}
      style={{ gridTemplateColumns: template, transform: `translateY(${start}px)`, height }}
      onClick={() => onActivate(index, row)}
    >
      {columns.map((column) => (
        <div key={column.id} role="gridcell" className={`cell cell-${column.id}`}>
          {column.render(row)}
        </div>
      ))}
    </div>
  );
});

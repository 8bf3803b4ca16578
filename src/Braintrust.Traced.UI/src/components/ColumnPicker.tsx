import { useState } from "react";
import { traceColumns } from "./traceColumns";

/** Lets the user choose the logs table's columns (remembered in this browser). */
export function ColumnPicker({ visible, onChange }: { visible: string[]; onChange: (ids: string[]) => void }) {
  const [open, setOpen] = useState(false);
  return (
    <div className="column-picker">
      <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>Columns</button>
      {open && (
        <div className="popover" role="group" aria-label="Visible columns">
          {traceColumns.map((column) => (
            <label key={column.id}>
              <input
                type="checkbox"
                checked={visible.includes(column.id)}
                disabled={column.id === "name"}
                onChange={(e) =>
                  onChange(e.target.checked ? traceColumns.map((c) => c.id).filter((id) => id === column.id || visible.includes(id)) : visible.filter((id) => id !== column.id))
                }
              />
              {column.label}
            </label>
          ))}
        </div>
      )}
    </div>
  );
}

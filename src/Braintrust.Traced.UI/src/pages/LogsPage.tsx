import { useMemo, useState } from "react";
import type { TraceFilters } from "../api/types";
import { navigate } from "../routing/navigation";
import { logsUrl, type Route } from "../routing/route";
import { useTraceList } from "../live/useTraceList";
import { FilterBar } from "../components/FilterBar";
import { ColumnPicker } from "../components/ColumnPicker";
import { TraceTable } from "../components/TraceTable";
import { TracePanel } from "../components/TracePanel";
import { defaultVisibleColumns } from "../components/traceColumns";
import { describeSort, sortOf, withSort, type TraceSort } from "../format/traceSort";

type LogsRoute = Extract<Route, { page: "logs" }>;
const columnsKey = "bt-traced.visible-columns";

function savedColumns(): string[] {
  try {
    const saved = JSON.parse(localStorage.getItem(columnsKey) ?? "null");
    return Array.isArray(saved) && saved.every((id) => typeof id === "string") ? saved : defaultVisibleColumns;
  } catch {
    return defaultVisibleColumns;
  }
}

/** The logs table with the open trace beside it; the table stays mounted, so closing a trace keeps the scroll. */
export function LogsPage({ route }: { route: LogsRoute }) {
  const { orgId, projectId, filters, traceId, spanId } = route;
  // The open trace re-reads itself when the live stream reports one of its spans (a late child, new feedback).
  const [traceVersion, setTraceVersion] = useState(0);
  const list = useTraceList(orgId, projectId, filters, (span) => {
    if (span.root_span_id === traceId) setTraceVersion((v) => v + 1);
  });
  const [visible, setVisible] = useState<string[]>(savedColumns);
  const sortKey = filters.sort;
  const sortOrder = filters.order;
  const sort = useMemo(() => sortOf({ sort: sortKey, order: sortOrder }), [sortKey, sortOrder]);

  // The filter form does not own the sort: applying or clearing filters keeps the table's order.
  const applyFilters = (next: TraceFilters) => navigate(logsUrl(orgId, projectId, withSort(next, sort)));
  const applySort = (next: TraceSort) => navigate(logsUrl(orgId, projectId, withSort(filters, next), traceId, spanId));
  const chooseColumns = (ids: string[]) => {
    setVisible(ids);
    localStorage.setItem(columnsKey, JSON.stringify(ids));
  };

  return (
    <div className={traceId ? "logs-page with-panel" : "logs-page"}>
      <section className="logs-main">
        <div className="toolbar">
          <FilterBar filters={filters} onApply={applyFilters} />
          <ColumnPicker visible={visible} onChange={chooseColumns} />
          <span className={list.live ? "live-indicator on" : "live-indicator"} title={list.live ? "Receiving new traces live" : "Live updates disconnected"}>
            {list.live ? "● live" : "○ offline"}
          </span>
        </div>
        {list.error && <div className="notice error" role="alert">{list.error}</div>}
        {list.newTraces > 0 && (
          <button type="button" className="new-traces" onClick={list.showNew}>
            {list.newTraces === 1 ? "1 new trace" : `${list.newTraces.toLocaleString()} new traces`} · show
          </button>
        )}
        <TraceTable
          rows={list.rows}
          visibleColumns={visible}
          selectedId={traceId}
          sort={sort}
          onSort={applySort}
          onOpen={(row) => navigate(logsUrl(orgId, projectId, filters, row.root_span_id))}
          onNeedMore={list.loadMore}
        />
        <div className="table-footer muted small" aria-live="polite">
          {list.rows.length.toLocaleString()} {list.rows.length === 1 ? "trace" : "traces"} loaded{list.loading ? " · loading…" : list.hasMore ? "" : " · end"}
          {` · ${describeSort(sort)}`}
        </div>
      </section>
      {traceId && (
        <TracePanel
          orgId={orgId}
          projectId={projectId}
          traceId={traceId}
          spanId={spanId}
          version={traceVersion}
          onSelectSpan={(id) => navigate(logsUrl(orgId, projectId, filters, traceId, id), { replace: true })}
          onClose={() => navigate(logsUrl(orgId, projectId, filters))}
        />
      )}
    </div>
  );
}

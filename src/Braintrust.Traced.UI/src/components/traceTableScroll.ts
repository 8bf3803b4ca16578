// Scroll geometry of the logs table. Every row has the same height, so a row's place is its index times that
// height: no measuring, and the scroll position can be worked out, not searched for.

/** What the rows of the table looked like to the user at one moment. */
export interface TableView {
  /** Row ids, top to bottom. */
  ids: readonly string[];
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  selectedId: string | null;
}

/** A row to hold still while the rows change, and where its top edge was, relative to the top of the view (px). */
export interface ViewAnchor {
  id: string;
  offset: number;
}

/**
 * The row the user is looking at, to be kept where it is when rows arrive above it: the selected row if any of it
 * is in view, otherwise the first row in view. None when the list is at its very top and no row is selected: the
 * user is then watching the newest traces, and new ones should push in at the top where they can be seen.
 */
export function anchorOf(view: TableView): ViewAnchor | null {
  const { ids, scrollTop, viewportHeight, rowHeight, selectedId } = view;
  if (ids.length === 0) return null;
  const selected = selectedId === null ? -1 : ids.indexOf(selectedId);
  if (scrollTop <= 0 && selected < 0) return null;
  const selectedInView = selected >= 0 && (selected + 1) * rowHeight > scrollTop && selected * rowHeight < scrollTop + viewportHeight;
  const index = selectedInView ? selected : Math.min(ids.length - 1, Math.floor(scrollTop / rowHeight));
  return { id: ids[index], offset: index * rowHeight - scrollTop };
}

/**
 * The scroll position that puts the anchor row back where it was, in the new rows; null when it is not among them
 * (a different list: nothing to hold on to).
 */
export function scrollTopHolding(anchor: ViewAnchor, ids: readonly string[], rowHeight: number): number | null {
  const index = ids.indexOf(anchor.id);
  return index < 0 ? null : Math.max(0, index * rowHeight - anchor.offset);
}

/** The least scrolling that shows all of row `index` (the position unchanged when it is already in view). */
export function scrollTopRevealing(index: number, rowHeight: number, scrollTop: number, viewportHeight: number): number {
  const top = index * rowHeight;
  if (top < scrollTop) return top;
  const bottom = top + rowHeight;
  if (bottom > scrollTop + viewportHeight) return Math.max(0, bottom - viewportHeight);
  return scrollTop;
}

import type { SpanNode } from "../api/types";

/** A visible row of the span tree: the node, its depth, and whether it has children. */
export interface TreeRow {
  node: SpanNode;
  depth: number;
  hasChildren: boolean;
}

/** Depth-first list of the rows a user sees, skipping the children of collapsed spans. */
export function visibleRows(roots: SpanNode[], collapsed: ReadonlySet<string>): TreeRow[] {
  const rows: TreeRow[] = [];
  const walk = (nodes: SpanNode[], depth: number) => {
    for (const node of nodes) {
      rows.push({ node, depth, hasChildren: node.children.length > 0 });
      if (!collapsed.has(node.span_id)) walk(node.children, depth + 1);
    }
  };
  walk(roots, 0);
  return rows;
}

export function findSpan(roots: SpanNode[], spanId: string | null): SpanNode | null {
  if (!spanId) return null;
  for (const node of roots) {
    if (node.span_id === spanId || node.id === spanId) return node;
    const found = findSpan(node.children, spanId);
    if (found) return found;
  }
  return null;
}

/** Span ids on the path from a root to the given span (to expand them when a deep link selects a nested span). */
export function ancestorsOf(roots: SpanNode[], spanId: string): string[] {
  const path: string[] = [];
  const walk = (nodes: SpanNode[]): boolean => {
    for (const node of nodes) {
      if (node.span_id === spanId) return true;
      path.push(node.span_id);
      if (walk(node.children)) return true;
      path.pop();
    }
    return false;
  };
  walk(roots);
  return path;
}

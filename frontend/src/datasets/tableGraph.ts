import dagre from '@dagrejs/dagre';
import type { Edge, Node } from '@xyflow/react';
import type { TableSchema } from '../api/datasets';
import { ReservedColumns } from './keys';

/**
 * A link between two tables: a child's parent key, its root key (straight to the root table, at any depth), or a
 * foreign key found by matching values.
 */
export interface Relationship {
  id: string;
  /** The referenced (parent) table. */
  from: string;
  fromColumns: string[];
  /** The table that holds the foreign key. */
  to: string;
  toColumns: string[];
  kind: 'parent' | 'root' | 'value';
  /** false when the referenced table is not in this version (another dataset). */
  drawn: boolean;
  label: string;
}

export type TableNodeData = { table: TableSchema; shownColumns: number };
export type TableNode = Node<TableNodeData, 'table'>;

export const NODE_WIDTH = 270;
const HEADER_HEIGHT = 62;
const COLUMN_HEIGHT = 21;
const KEY_LINE_HEIGHT = 20;
/** Columns listed in a node; the rest are in the table list below the diagram. */
export const MAX_NODE_COLUMNS = 12;

export function relationshipsOf(tables: TableSchema[]): Relationship[] {
  const names = new Set(tables.map((t) => t.name));
  const out: Relationship[] = [];
  for (const table of tables) {
    let parentLinked = false;
    for (const fk of table.foreignKeys ?? []) {
      const parentKey = fk.references.table === table.parent && fk.columns.includes(ReservedColumns.parentKey);
      const kind = parentKey ? 'parent' : fk.columns.includes(ReservedColumns.rootKey) ? 'root' : 'value';
      parentLinked ||= parentKey;
      out.push(relationship(table.name, fk.columns, fk.references.table, fk.references.columns, kind, names.has(fk.references.table)));
    }
    // An older tables.json may name the parent without listing the key that links to it.
    if (table.parent && !parentLinked) out.push(relationship(table.name, [ReservedColumns.parentKey], table.parent, [ReservedColumns.key], 'parent', names.has(table.parent)));
  }
  return out;
}

function relationship(child: string, childColumns: string[], parent: string, parentColumns: string[], kind: Relationship['kind'], drawn: boolean): Relationship {
  return {
    id: `${child}(${childColumns.join(',')})->${parent}(${parentColumns.join(',')})`,
    from: parent,
    fromColumns: parentColumns,
    to: child,
    toColumns: childColumns,
    kind,
    drawn,
    label: `${child}.${childColumns.join(', ')} → ${parent}.${parentColumns.join(', ')}`,
  };
}

// Root keys are not drawn: every descendant has one, so they would double each parent edge and cross the diagram; the
// relationship list names them.
const isDrawn = (r: Relationship) => r.drawn && r.kind !== 'root';

const edgeLabel = (r: Relationship) => `${r.toColumns.join(', ')} → ${r.fromColumns.join(', ')}`;

/** About how many characters of a table name fit on one line of a node's header (13 px bold beside the row count). */
const NAME_CHARS_PER_LINE = 22;
const NAME_LINE_HEIGHT = 18;

export function nodeHeight(table: TableSchema): number {
  const shown = Math.min(table.columns.length, MAX_NODE_COLUMNS);
  const more = table.columns.length > shown ? 1 : 0;
  const keys = table.naturalKey ? 1 : 0;
  // Long names wrap (they are broken anywhere, see .table-node-name).
  const nameLines = Math.max(1, Math.ceil(table.name.length / NAME_CHARS_PER_LINE));
  return HEADER_HEIGHT + (nameLines - 1) * NAME_LINE_HEIGHT + (shown + more + keys) * COLUMN_HEIGHT + KEY_LINE_HEIGHT;
}

/** Up to this many tables the diagram opens showing all of them; a larger one opens on the root and its children. */
export const FIT_ALL_TABLES = 8;

/** The nodes the diagram opens on: all of them for a small version, else the root tables and their direct children. */
export function openingNodes(tables: TableSchema[]): { id: string }[] {
  if (tables.length <= FIT_ALL_TABLES) return tables.map((t) => ({ id: t.name }));
  const roots = new Set(tables.filter((t) => !t.parent).map((t) => t.name));
  return tables.filter((t) => roots.has(t.name) || (t.parent && roots.has(t.parent))).map((t) => ({ id: t.name }));
}

/** The diagram's nodes and edges, laid out left to right (parents left of their children) by dagre. */
export function layoutTables(tables: TableSchema[]): { nodes: TableNode[]; edges: Edge[]; relationships: Relationship[] } {
  const relationships = relationshipsOf(tables);
  const graph = new dagre.graphlib.Graph();
  // The gap between ranks leaves room for the longest edge label (about 6.5 px a character at 11 px).
  const longestLabel = Math.max(0, ...relationships.filter(isDrawn).map((r) => edgeLabel(r).length));
  graph.setGraph({ rankdir: 'LR', nodesep: 36, ranksep: Math.max(110, Math.round(longestLabel * 6.5) + 48), marginx: 12, marginy: 12 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const table of tables) graph.setNode(table.name, { width: NODE_WIDTH, height: nodeHeight(table) });
  const drawn = relationships.filter(isDrawn);
  for (const r of drawn) if (r.from !== r.to) graph.setEdge(r.from, r.to);
  dagre.layout(graph);

  const nodes: TableNode[] = tables.map((table) => {
    const { x, y, height } = graph.node(table.name) as { x: number; y: number; height: number };
    return {
      id: table.name,
      type: 'table',
      // dagre gives centres; React Flow places nodes by their top-left corner.
      position: { x: x - NODE_WIDTH / 2, y: y - height / 2 },
      data: { table, shownColumns: Math.min(table.columns.length, MAX_NODE_COLUMNS) },
      width: NODE_WIDTH,
      height,
    };
  });
  const edges: Edge[] = drawn.map((r) => ({
      id: r.id,
      source: r.from,
      target: r.to,
      label: edgeLabel(r),
      className: `relationship relationship-${r.kind}`,
      type: 'smoothstep',
      ariaLabel: r.label,
    }));
  return { nodes, edges, relationships };
}

import { Background, Controls, Handle, Position, ReactFlow, type NodeProps, type NodeTypes } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useMemo } from 'react';
import type { TableSchema } from '../api/datasets';
import { plural } from '../lib/format';
import { describeNaturalKey, keyRoles, percent } from './keys';
import { layoutTables, openingNodes, type TableNode } from './tableGraph';

/** One table as a node: its name, rows, columns with types and key badges, and its natural key. */
function TableNodeView({ data }: NodeProps<TableNode>) {
  const { table, shownColumns } = data;
  const hidden = table.columns.length - shownColumns;
  const nk = table.naturalKey;
  return (
    <div className="table-node" data-table={table.name}>
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <div className="table-node-header">
        <span className="table-node-name">{table.name}</span>
        <span className="table-node-rows">{plural(table.rowCount, 'row')}</span>
      </div>
      <ul className="table-node-columns">
        {table.columns.slice(0, shownColumns).map((column) => (
          <li key={column.name}>
            <span className="table-node-column">
              {column.name}
              {keyRoles(table, column.name).map((role) => (
                <span key={role} className={`key-badge key-${role.toLowerCase()}`}>
                  {role}
                </span>
              ))}
            </span>
            <span className="table-node-type">
              {column.type}
              {column.nullable ? '' : ' not null'}
            </span>
          </li>
        ))}
        {hidden > 0 && <li className="table-node-more">+ {hidden} more columns</li>}
      </ul>
      {nk && (
        <p className="table-node-nk" title={describeNaturalKey(table) ?? undefined}>
          Natural key {nk.columns.join(', ')} · {percent(nk.confidence)}
        </p>
      )}
      <p className="table-node-pk">Key {table.primaryKey.join(', ') || '—'}</p>
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
}

const nodeTypes: NodeTypes = { table: TableNodeView };

/** The tables and the relationships between them, laid out automatically; pan and zoom, nothing to edit. */
export default function TablesDiagram({ tables }: { tables: TableSchema[] }) {
  const { nodes, edges } = useMemo(() => layoutTables(tables), [tables]);
  // A large version opens readable, on its root tables; the rest is a pan or a zoom away.
  const opening = useMemo(() => openingNodes(tables), [tables]);
  const tall = Math.max(...nodes.map((n) => n.position.y + (n.height ?? 0)), 200);
  return (
    <div className="diagram" style={{ height: Math.min(Math.max(tall + 40, 280), 640) }} data-testid="tables-diagram">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        fitView
        fitViewOptions={{ padding: 0.08, maxZoom: 1, minZoom: 0.45, nodes: opening }}
        minZoom={0.2}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        nodesFocusable={false}
        edgesFocusable={false}
      >
        <Background gap={18} size={1} />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}

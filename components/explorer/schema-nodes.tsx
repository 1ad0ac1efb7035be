'use client';

import Link from 'next/link';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { ENTITY_HEIGHT, ENTITY_WIDTH } from '@/lib/explorer/entity-size';
import { DOMAIN_STYLE } from './domain-style';
import type { DomainFlowNode, EntityFlowNode } from './schema-flow';

// Custom React Flow nodes of the model view. Handles are invisible: edges leave a table on the
// right (towards the tables that reference it) and arrive on the left.

const hiddenHandle = { opacity: 0, width: 1, height: 1, minWidth: 0, minHeight: 0, border: 0 };

export function EntityNodeView({ data }: NodeProps<EntityFlowNode>) {
  const { entity, active, match } = data;
  const style = DOMAIN_STYLE[entity.domain];
  const ring = active ? 'ring-2 ring-sky-500' : match ? 'ring-2 ring-amber-400' : '';
  return (
    <div
      className={`rounded border border-l-4 border-zinc-300 bg-white px-2 py-1 shadow-sm dark:border-zinc-700 dark:bg-zinc-900 ${style.stripe} ${ring}`}
      style={{ width: ENTITY_WIDTH, height: ENTITY_HEIGHT }}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} style={hiddenHandle} />
      <div className="truncate font-mono text-[13px] font-semibold text-zinc-900 dark:text-zinc-100">
        {entity.table}
      </div>
      <div className="truncate text-xs text-zinc-500 dark:text-zinc-400">
        {entity.href ? (
          <Link href={entity.href} className="link">
            {entity.label}
          </Link>
        ) : (
          entity.label
        )}
        {' · '}
        {entity.fields.length} fields
      </div>
      <Handle type="source" position={Position.Right} isConnectable={false} style={hiddenHandle} />
    </div>
  );
}

export function DomainNodeView({ data }: NodeProps<DomainFlowNode>) {
  const style = DOMAIN_STYLE[data.domain];
  return (
    <div
      className={`rounded-lg border-2 border-dashed ${style.box}`}
      style={{ width: data.width, height: data.height }}
    >
      <div className={`px-2 py-1 text-xs font-semibold uppercase tracking-wide ${style.title}`}>{data.label}</div>
    </div>
  );
}

/** A collapsed NetBox app: one node standing for its tables; a click expands it. */
export function GroupNodeView({ data }: NodeProps<EntityFlowNode>) {
  const { entity, active } = data;
  const style = DOMAIN_STYLE[entity.domain];
  return (
    <div
      className={`cursor-pointer rounded border-2 border-dashed border-zinc-400 bg-zinc-50 px-2 py-1 shadow-sm dark:border-zinc-500 dark:bg-zinc-800 ${style.stripe} ${active ? 'ring-2 ring-sky-500' : ''}`}
      style={{ width: ENTITY_WIDTH, height: ENTITY_HEIGHT }}
      title={`NetBox ${entity.collapsed?.group}: ${entity.label}`}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} style={hiddenHandle} />
      <div className="truncate text-[13px] font-semibold text-zinc-900 dark:text-zinc-100">
        NetBox {entity.collapsed?.group}
      </div>
      <div className="truncate text-xs text-zinc-600 dark:text-zinc-300">
        {entity.collapsed?.tables} tables · click to expand
      </div>
      <Handle type="source" position={Position.Right} isConnectable={false} style={hiddenHandle} />
    </div>
  );
}

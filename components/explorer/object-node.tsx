'use client';

import Link from 'next/link';
import { createContext, useContext } from 'react';
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import { formatCount } from '@/components/data-table/format';
import { HEADER_HEIGHT, NODE_WIDTH, ROW_HEIGHT, type GraphObject } from './instance-graph';

// One object of the instance view: its type and name (a link to its page), then one row per
// non-empty relation with its size; a row expands to at most a page of neighbours, with "more"
// and a link to the full filtered list when there are more than that.

export interface ObjectActions {
  loadRelations(key: string): void;
  toggle(key: string, relation: string): void;
  more(key: string, relation: string): void;
}

export const ObjectActionsContext = createContext<ObjectActions | null>(null);

export type ObjectFlowNode = Node<
  { item: GraphObject; busy: string | null; error: string | null; highlighted: boolean },
  'object'
>;

const hiddenHandle = { opacity: 0, width: 1, height: 1, minWidth: 0, minHeight: 0, border: 0 };

export function ObjectNodeView({ data }: NodeProps<ObjectFlowNode>) {
  const actions = useContext(ObjectActionsContext)!;
  const { item, busy, error, highlighted } = data;
  const { object, relations, expanded } = item;
  const shown = relations?.filter((r) => r.count > 0) ?? [];
  return (
    <div
      className={`rounded border border-zinc-300 bg-white text-xs shadow-sm dark:border-zinc-700 dark:bg-zinc-900 ${highlighted ? 'ring-2 ring-amber-400' : ''}`}
      style={{ width: NODE_WIDTH }}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} style={hiddenHandle} />
      <div className="border-b border-zinc-200 px-2 py-1 dark:border-zinc-800" style={{ height: HEADER_HEIGHT }}>
        <div className="text-[11px] text-zinc-500 dark:text-zinc-400">{object.modelLabel}</div>
        <Link href={object.href} className="nodrag nopan link block truncate font-semibold" title={object.display}>
          {object.display}
        </Link>
      </div>
      <ul className="py-1">
        {!relations && (
          <li className="px-2" style={{ height: ROW_HEIGHT }}>
            <button
              type="button"
              className="nodrag nopan link"
              disabled={busy !== null}
              onClick={() => actions.loadRelations(item.key)}
            >
              {busy ? 'Loading…' : 'Show relations'}
            </button>
          </li>
        )}
        {relations && shown.length === 0 && (
          <li className="px-2 text-zinc-500" style={{ height: ROW_HEIGHT }}>
            No related objects.
          </li>
        )}
        {shown.map((rel) => {
          const open = expanded[rel.key];
          return (
            <li
              key={rel.key}
              className="flex items-center gap-1.5 overflow-hidden whitespace-nowrap px-2"
              style={{ height: ROW_HEIGHT }}
            >
              <button
                type="button"
                className="nodrag nopan btn px-1.5 py-0"
                aria-expanded={Boolean(open)}
                disabled={busy === rel.key}
                onClick={() => actions.toggle(item.key, rel.key)}
              >
                <span aria-hidden="true">{open ? '▾' : '▸'}</span> {rel.label} ({formatCount(rel.count)}
                {rel.atLeast ? '+' : ''})
              </button>
              {busy === rel.key && <span className="text-zinc-500">…</span>}
              {open?.nextOffset != null && (
                <button type="button" className="nodrag nopan link" onClick={() => actions.more(item.key, rel.key)}>
                  More ({formatCount(open.loaded)} of {formatCount(open.total)})
                </button>
              )}
              {open && open.nextOffset != null && open.listHref && (
                <Link href={open.listHref} className="nodrag nopan link">
                  Open list
                </Link>
              )}
            </li>
          );
        })}
      </ul>
      {error && (
        <p role="alert" className="px-2 pb-1 text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
      <Handle type="source" position={Position.Right} isConnectable={false} style={hiddenHandle} />
    </div>
  );
}

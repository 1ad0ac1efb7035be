'use client';

import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import type { RelationFlowEdge } from './schema-flow';

// A relationship: cardinality always, the foreign key columns when one of its tables is active.
// A self-reference (a device role's parent) loops over the top of its table.

const ACTIVE_STROKE = '#0ea5e9';

function selfLoop(sx: number, sy: number, tx: number, ty: number): [string, number, number] {
  const lift = 46;
  return [
    `M ${sx} ${sy} C ${sx + 60} ${sy - lift * 2}, ${tx - 60} ${ty - lift * 2}, ${tx} ${ty}`,
    (sx + tx) / 2,
    sy - lift * 1.5,
  ];
}

export function RelationEdgeView(props: EdgeProps<RelationFlowEdge>) {
  const { id, source, target, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data } = props;
  const [path, labelX, labelY] =
    source === target
      ? selfLoop(sourceX, sourceY, targetX, targetY)
      : getBezierPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });
  const active = data?.active ?? false;
  const through = data?.kind === 'through';
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        style={{
          strokeDasharray: through ? '6 4' : undefined,
          ...(active ? { stroke: ACTIVE_STROKE, strokeWidth: 2 } : {}),
        }}
      />
      <EdgeLabelRenderer>
        <div
          className={`nodrag nopan pointer-events-none absolute rounded px-1 font-mono text-[10px] leading-4 ${
            active
              ? 'bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-100'
              : 'bg-white/80 text-zinc-600 dark:bg-zinc-900/80 dark:text-zinc-400'
          }`}
          style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)`, zIndex: active ? 10 : 0 }}
        >
          {data?.cardinality}
          {active && ` · ${through ? `via ${data?.via?.replace(/^\w+:/, '')}` : data?.columns.join(', ')}`}
        </div>
      </EdgeLabelRenderer>
    </>
  );
}

'use client';

import { FlexRender, type Header } from '@tanstack/react-table';
import type { RecordDTO } from '@/lib/models/types';
import type { ListFeatures } from './features';

const ARIA_SORT = { asc: 'ascending', desc: 'descending' } as const;
const ARROW = { asc: '▲', desc: '▼' } as const;

/** A header cell; sortable columns get a button that cycles ascending → descending → default. */
export function ColumnHeader({ header }: { header: Header<ListFeatures, RecordDTO, unknown> }) {
  const column = header.column;
  const sorted = column.getIsSorted();
  const label = <FlexRender header={header} />;
  if (header.isPlaceholder) return <th scope="col" />;
  if (!column.getCanSort()) return <th scope="col">{label}</th>;
  return (
    <th scope="col" aria-sort={sorted ? ARIA_SORT[sorted] : undefined}>
      <button
        type="button"
        onClick={column.getToggleSortingHandler()}
        className="inline-flex items-center gap-1 rounded hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-sky-500 dark:hover:text-white"
        title={`Sort by ${column.columnDef.meta?.field.label ?? column.id}`}
      >
        {label}
        <span
          aria-hidden="true"
          className={sorted ? 'text-sky-600 dark:text-sky-400' : 'text-zinc-300 dark:text-zinc-600'}
        >
          {sorted ? ARROW[sorted] : '↕'}
        </span>
      </button>
    </th>
  );
}

'use client';

import type { ReactTable } from '@tanstack/react-table';
import type { RecordDTO } from '@/lib/models/types';
import { ColumnHeader } from './column-header';
import type { ListFeatures } from './features';

interface TableBodyProps {
  table: ReactTable<ListFeatures, RecordDTO>;
  /** A navigation is in flight: dim the stale rows. */
  pending: boolean;
}

export function TableBody({ table, pending }: TableBodyProps) {
  return (
    <div className="card overflow-x-auto" aria-busy={pending}>
      <table className={`data-table ${pending ? 'opacity-60' : ''}`}>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => (
                <ColumnHeader key={header.id} header={header} />
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id}>
              {row.getVisibleCells().map((cell) => (
                <td key={cell.id}>
                  <table.FlexRender cell={cell} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

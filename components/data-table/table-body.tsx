'use client';

import type { ReactTable } from '@tanstack/react-table';
import type { ListSelection } from '@/components/bulk/selection';
import type { RecordDTO } from '@/lib/models/types';
import { ColumnHeader } from './column-header';
import type { ListFeatures } from './features';

interface TableBodyProps {
  table: ReactTable<ListFeatures, RecordDTO>;
  /** A navigation is in flight: dim the stale rows. */
  pending: boolean;
  /** Row selection for bulk actions; absent on lists without any. */
  select?: {
    selection: ListSelection;
    onToggle: (id: number, on: boolean) => void;
    onTogglePage: (on: boolean) => void;
  };
}

export function TableBody({ table, pending, select }: TableBodyProps) {
  const rows = table.getRowModel().rows;
  const isSelected = (id: number) => Boolean(select && (select.selection.allMatching || select.selection.ids.has(id)));
  const pageSelected = rows.length > 0 && rows.every((row) => isSelected(row.original.id));
  return (
    <div className="card overflow-x-auto" aria-busy={pending}>
      <table className={`data-table ${pending ? 'opacity-60' : ''}`}>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {select && (
                <th scope="col" className="w-8">
                  <input
                    type="checkbox"
                    aria-label="Select all rows on this page"
                    checked={pageSelected}
                    onChange={(e) => select.onTogglePage(e.target.checked)}
                  />
                </th>
              )}
              {group.headers.map((header) => (
                <ColumnHeader key={header.id} header={header} />
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} aria-selected={select ? isSelected(row.original.id) : undefined}>
              {select && (
                <td className="w-8">
                  <input
                    type="checkbox"
                    aria-label={`Select ${row.original.display}`}
                    checked={isSelected(row.original.id)}
                    onChange={(e) => select.onToggle(row.original.id, e.target.checked)}
                  />
                </td>
              )}
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

'use client';

import type { ReactTable } from '@tanstack/react-table';
import type { RecordDTO } from '@/lib/models/types';
import type { ListFeatures } from './features';

/** A disclosure with one checkbox per column; the choice is kept in the URL (`cols`). */
export function ColumnChooser({ table }: { table: ReactTable<ListFeatures, RecordDTO> }) {
  const columns = table.getAllLeafColumns().filter((column) => column.getCanHide());
  const visibleCount = columns.filter((column) => column.getIsVisible()).length;

  return (
    <details className="relative">
      <summary className="btn cursor-pointer list-none">Columns</summary>
      <fieldset className="card absolute right-0 z-20 mt-1 max-h-80 w-60 overflow-y-auto p-2 shadow-lg">
        <legend className="sr-only">Visible columns</legend>
        {columns.map((column) => {
          const visible = column.getIsVisible();
          return (
            <label key={column.id} className="flex items-center gap-2 rounded px-1 py-0.5 text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800">
              <input
                type="checkbox"
                checked={visible}
                // The last visible column stays: a table without columns is useless.
                disabled={visible && visibleCount === 1}
                onChange={(e) => column.toggleVisibility(e.target.checked)}
              />
              {column.columnDef.meta?.field.label ?? column.id}
            </label>
          );
        })}
      </fieldset>
    </details>
  );
}

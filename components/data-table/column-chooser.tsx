'use client';

import type { ReactTable } from '@tanstack/react-table';
import type { RecordDTO } from '@/lib/models/types';
import { moveColumn } from '@/lib/query/visible-columns';
import { displayLabel } from './format';
import type { ListFeatures } from './features';

interface ColumnChooserProps {
  table: ReactTable<ListFeatures, RecordDTO>;
  /** Visible column keys in display order. */
  visible: string[];
  onColumns: (keys: string[]) => void;
  /** Forget the stored layout (columns, order, page size). */
  onReset: () => void;
}

/**
 * A disclosure with one checkbox per column (shown ones first, in their order, with buttons to
 * move them). The choice is kept in the URL (`cols`) and remembered for the user.
 */
export function ColumnChooser({ table, visible, onColumns, onReset }: ColumnChooserProps) {
  const all = table.getAllLeafColumns().filter((column) => column.getCanHide());
  const rank = (id: string) => (visible.includes(id) ? visible.indexOf(id) : visible.length);
  const columns = [...all].sort((a, b) => rank(a.id) - rank(b.id));
  const visibleCount = columns.filter((column) => column.getIsVisible()).length;

  return (
    <details className="relative">
      <summary className="btn cursor-pointer list-none">Columns</summary>
      <div className="card absolute right-0 z-20 mt-1 w-64 p-2 shadow-lg">
        <fieldset className="max-h-80 overflow-y-auto">
          <legend className="sr-only">Visible columns</legend>
          {columns.map((column) => {
            const shown = column.getIsVisible();
            const field = column.columnDef.meta?.field;
            const label = field ? displayLabel(field) : column.id;
            const index = visible.indexOf(column.id);
            return (
              <div
                key={column.id}
                className="flex items-center gap-2 rounded px-1 py-0.5 text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800"
              >
                <label className="flex flex-1 items-center gap-2">
                  <input
                    type="checkbox"
                    checked={shown}
                    // The last visible column stays: a table without columns is useless.
                    disabled={shown && visibleCount === 1}
                    onChange={(e) => column.toggleVisibility(e.target.checked)}
                  />
                  {label}
                </label>
                {shown && (
                  <>
                    <button
                      type="button"
                      className="px-1 text-xs disabled:opacity-30"
                      aria-label={`Move ${label} left`}
                      disabled={index <= 0}
                      onClick={() => onColumns(moveColumn(visible, column.id, -1))}
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      className="px-1 text-xs disabled:opacity-30"
                      aria-label={`Move ${label} right`}
                      disabled={index === visible.length - 1}
                      onClick={() => onColumns(moveColumn(visible, column.id, 1))}
                    >
                      ↓
                    </button>
                  </>
                )}
              </div>
            );
          })}
        </fieldset>
        <button type="button" className="btn mt-2 w-full" onClick={onReset}>
          Reset table layout
        </button>
      </div>
    </details>
  );
}

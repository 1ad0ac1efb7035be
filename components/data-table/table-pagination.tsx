'use client';

import type { ReactTable } from '@tanstack/react-table';
import type { RecordDTO } from '@/lib/models/types';
import type { ListFeatures } from './features';
import { formatCount } from './format';

export const PAGE_SIZES = [25, 50, 100, 250] as const;

/** "1–50 of 100,000", first/previous/next/last and the page size select. */
export function TablePagination({ table }: { table: ReactTable<ListFeatures, RecordDTO> }) {
  const { pageIndex, pageSize } = table.state.pagination;
  const rowCount = table.getRowCount();
  const pageCount = Math.max(table.getPageCount(), 1);
  const first = rowCount === 0 ? 0 : pageIndex * pageSize + 1;
  const last = Math.min((pageIndex + 1) * pageSize, rowCount);
  const sizes: number[] = PAGE_SIZES.includes(pageSize as (typeof PAGE_SIZES)[number])
    ? [...PAGE_SIZES]
    : [...PAGE_SIZES, pageSize].sort((a, b) => a - b);

  return (
    <nav aria-label="Pagination" className="flex flex-wrap items-center justify-between gap-2 text-sm">
      <p className="text-zinc-600 dark:text-zinc-400" aria-live="polite">
        {formatCount(first)}–{formatCount(last)} of {formatCount(rowCount)}
      </p>
      <div className="flex items-center gap-2">
        <label className="flex items-center gap-1 text-zinc-600 dark:text-zinc-400">
          Per page
          <select
            className="input w-auto py-0.5"
            value={pageSize}
            onChange={(e) => table.setPageSize(Number(e.target.value))}
          >
            {sizes.map((size) => (
              <option key={size} value={size}>
                {size}
              </option>
            ))}
          </select>
        </label>
        <span className="text-zinc-600 dark:text-zinc-400">
          Page {formatCount(pageIndex + 1)} of {formatCount(pageCount)}
        </span>
        <div className="flex">
          <PageButton label="First page" onClick={() => table.firstPage()} disabled={!table.getCanPreviousPage()}>
            «
          </PageButton>
          <PageButton label="Previous page" onClick={() => table.previousPage()} disabled={!table.getCanPreviousPage()}>
            ‹
          </PageButton>
          <PageButton label="Next page" onClick={() => table.nextPage()} disabled={!table.getCanNextPage()}>
            ›
          </PageButton>
          <PageButton label="Last page" onClick={() => table.lastPage()} disabled={!table.getCanNextPage()}>
            »
          </PageButton>
        </div>
      </div>
    </nav>
  );
}

interface PageButtonProps {
  label: string;
  onClick: () => void;
  disabled: boolean;
  children: string;
}

function PageButton({ label, onClick, disabled, children }: PageButtonProps) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      onClick={onClick}
      disabled={disabled}
      className="btn -ml-px rounded-none first:rounded-l last:rounded-r"
    >
      <span aria-hidden="true">{children}</span>
    </button>
  );
}

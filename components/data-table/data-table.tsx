'use client';

import { useMemo, useState } from 'react';
import {
  functionalUpdate,
  useTable,
  type ColumnVisibilityState,
  type PaginationState,
  type SortingState,
} from '@tanstack/react-table';
import type { BriefRef, ListQuery, ModelMeta, RecordDTO } from '@/lib/models/types';
import { BulkBar } from '@/components/bulk/bulk-bar';
import { emptySelection, type ListSelection } from '@/components/bulk/selection';
import { useRouter } from 'next/navigation';
import { useToast } from '@/components/toast/toast-provider';
import { resetTablePrefsAction, saveTablePrefsAction } from '@/lib/actions/table-prefs';
import { DEFAULT_PER_PAGE, serializeListQuery } from '@/lib/query/list-query';
import { buildColumns } from './columns';
import { EmptyState } from './empty-state';
import { listFeatures } from './features';
import { TableBody } from './table-body';
import { TablePagination } from './table-pagination';
import { TableToolbar } from './table-toolbar';
import { useListNavigation } from './use-list-navigation';
import { useVisibleColumns } from './use-visible-columns';
import { columnFields } from '@/lib/query/visible-columns';

export interface DataTableProps {
  meta: ModelMeta;
  /** The current page of rows, already filtered, sorted and paged by the server. */
  rows: RecordDTO[];
  rowCount: number;
  /** The parsed URL state the rows were loaded with. */
  query: ListQuery;
  /** Labels for the foreign-key ids in `query.filters`, resolved by the page. */
  filterRefs?: Record<string, BriefRef[]>;
  /** The signed-in user's stored column layout for this model (null: none stored). */
  storedColumns?: string[] | null;
}

/** Generic server-driven list table for any registered model; all state lives in the URL. */
export function DataTable({ meta, rows, rowCount, query, filterRefs = {}, storedColumns = null }: DataTableProps) {
  const [visible, setVisible] = useVisibleColumns(meta, storedColumns);
  const toast = useToast();
  const router = useRouter();
  const remember = (prefs: { columns?: string[]; perPage?: number }) =>
    void saveTablePrefsAction(meta.key, prefs).then(
      (r) => r.error && toast(`Your table layout was not saved: ${r.error}`, 'error'),
    );
  const changeColumns = (keys: string[]) => {
    setVisible(keys);
    nav.setColumns(keys);
    remember({ columns: keys });
  };
  const resetLayout = () =>
    void resetTablePrefsAction(meta.key).then((r) => {
      if (r.error) return toast(r.error, 'error');
      toast('Table layout reset to the defaults.', 'success');
      // The same list without `cols` and `per_page`: the page then applies the defaults.
      setVisible(meta.list.columns);
      const qs = serializeListQuery(meta, { ...query, page: 1, perPage: DEFAULT_PER_PAGE });
      router.push(qs ? `/${meta.key}?${qs}` : `/${meta.key}`, { scroll: false });
    });
  const nav = useListNavigation(meta, query, visible);

  const columns = useMemo(() => buildColumns(meta, visible), [meta, visible]);
  const sorting = useMemo<SortingState>(
    () => (query.sort ? [{ id: query.sort.key, desc: query.sort.desc }] : []),
    [query.sort],
  );
  const pagination = useMemo<PaginationState>(
    () => ({ pageIndex: query.page - 1, pageSize: query.perPage }),
    [query.page, query.perPage],
  );
  const columnVisibility = useMemo<ColumnVisibilityState>(
    () => Object.fromEntries(columnFields(meta).map((f) => [f.key, visible.includes(f.key)])),
    [meta, visible],
  );

  const table = useTable({
    features: listFeatures,
    columns,
    data: rows,
    getRowId: (row) => String(row.id),
    rowCount,
    manualPagination: true,
    manualSorting: true,
    manualFiltering: true,
    autoResetPageIndex: false,
    enableMultiSort: false,
    sortDescFirst: false,
    state: { sorting, pagination, columnVisibility },
    onSortingChange: (updater) => {
      const [first] = functionalUpdate(updater, sorting);
      nav.navigate({ sort: first ? { key: first.id, desc: first.desc } : { ...meta.list.defaultSort } });
    },
    onPaginationChange: (updater) => {
      const next = functionalUpdate(updater, pagination);
      const sizeChanged = next.pageSize !== pagination.pageSize;
      if (sizeChanged) remember({ perPage: next.pageSize });
      nav.navigate({ perPage: next.pageSize, page: sizeChanged ? 1 : next.pageIndex + 1 });
    },
    onColumnVisibilityChange: (updater) => {
      const next = functionalUpdate(updater, columnVisibility);
      // Keep the user's order: shown columns stay where they are, newly shown ones go last.
      const keys = [
        ...visible.filter((key) => next[key]),
        ...Object.keys(next).filter((key) => next[key] && !visible.includes(key)),
      ];
      changeColumns(keys);
    },
  });

  // A selection belongs to one list state: another page, filter or sort starts a new one.
  const search = serializeListQuery(meta, query);
  const [selectionState, setSelectionState] = useState<{ search: string; selection: ListSelection }>({
    search,
    selection: emptySelection,
  });
  const selection = selectionState.search === search ? selectionState.selection : emptySelection;
  const setSelection = (next: ListSelection) => setSelectionState({ search, selection: next });
  const canBulk = meta.editable || meta.deletable || Boolean(meta.bulkSync);
  const selectionProps = canBulk
    ? {
        selection,
        onToggle: (id: number, on: boolean) => {
          const ids = new Set(selection.ids);
          if (on) ids.add(id);
          else ids.delete(id);
          setSelection({ ids, allMatching: false });
        },
        onTogglePage: (on: boolean) =>
          setSelection({ ids: on ? new Set(rows.map((r) => r.id)) : new Set(), allMatching: false }),
      }
    : undefined;

  const filtered = query.q !== '' || Object.keys(query.filters).length > 0;

  return (
    <div className="space-y-2">
      <TableToolbar
        meta={meta}
        query={query}
        table={table}
        nav={nav}
        filterRefs={filterRefs}
        visible={visible}
        onColumns={changeColumns}
        onReset={resetLayout}
      />
      {canBulk && (selection.allMatching || selection.ids.size > 0) && (
        <BulkBar
          meta={meta}
          selection={selection}
          rowCount={rowCount}
          pageRows={rows.length}
          search={search}
          onSelectAllMatching={() => setSelection({ ids: new Set(rows.map((r) => r.id)), allMatching: true })}
          onClear={() => setSelection(emptySelection)}
        />
      )}
      {rowCount === 0 ? (
        <EmptyState meta={meta} filtered={filtered} onClear={() => nav.navigate({ q: '', filters: {} })} />
      ) : rows.length === 0 ? (
        <div className="card flex items-center justify-between gap-2 p-3">
          <p className="text-zinc-600 dark:text-zinc-400">This page is past the end of the list.</p>
          <button type="button" className="btn" onClick={() => table.firstPage()}>
            Go to the first page
          </button>
        </div>
      ) : (
        <>
          <TableBody table={table} pending={nav.pending} select={selectionProps} />
          <TablePagination table={table} />
        </>
      )}
    </div>
  );
}

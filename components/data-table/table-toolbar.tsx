'use client';

import { useState } from 'react';
import type { ReactTable } from '@tanstack/react-table';
import type { BriefRef, ListQuery, ModelMeta, RecordDTO } from '@/lib/models/types';
import { serializeListQuery } from '@/lib/query/list-query';
import { serializeVisibleColumns } from '@/lib/query/visible-columns';
import { ColumnChooser } from './column-chooser';
import { ExportMenu } from './export-menu';
import type { ListFeatures } from './features';
import { FilterPanel } from './filter-panel';
import { filterableFields } from './filter-fields';
import { QuickSearch } from './quick-search';
import type { ListNavigation } from './use-list-navigation';

interface TableToolbarProps {
  meta: ModelMeta;
  query: ListQuery;
  table: ReactTable<ListFeatures, RecordDTO>;
  nav: ListNavigation;
  filterRefs: Record<string, BriefRef[]>;
  visible: string[];
  onColumns: (keys: string[]) => void;
  onReset: () => void;
}

export function TableToolbar({ meta, query, table, nav, filterRefs, visible, onColumns, onReset }: TableToolbarProps) {
  const activeFilters = Object.keys(query.filters).length;
  const [filtersOpen, setFiltersOpen] = useState(activeFilters > 0);
  const canFilter = filterableFields(meta).length > 0;

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <QuickSearch
          key={query.q}
          initial={query.q}
          placeholder={`Search ${meta.labelPlural.toLowerCase()}…`}
          onSearch={(q) => nav.navigate({ q })}
        />
        {canFilter && (
          <button
            type="button"
            className="btn"
            aria-expanded={filtersOpen}
            aria-controls="list-filters"
            onClick={() => setFiltersOpen((open) => !open)}
          >
            Filters{activeFilters > 0 ? ` (${activeFilters})` : ''}
          </button>
        )}
        {(activeFilters > 0 || query.q !== '') && (
          <button type="button" className="btn" onClick={() => nav.navigate({ q: '', filters: {} })}>
            Clear filters
          </button>
        )}
        <div className="ml-auto flex gap-2">
          <ExportMenu meta={meta} search={exportSearch(meta, query, table)} />
          <ColumnChooser table={table} visible={visible} onColumns={onColumns} onReset={onReset} />
        </div>
      </div>
      {canFilter && filtersOpen && (
        <FilterPanel
          key={JSON.stringify(query.filters)}
          id="list-filters"
          meta={meta}
          filters={query.filters}
          filterRefs={filterRefs}
          onApply={(filters) => nav.navigate({ filters })}
        />
      )}
    </div>
  );
}

/** The filter, sort and visible columns of the list, for its export links (every page, so no paging). */
function exportSearch(meta: ModelMeta, query: ListQuery, table: ReactTable<ListFeatures, RecordDTO>): string {
  const params = new URLSearchParams(serializeListQuery(meta, { ...query, page: 1 }));
  for (const key of ['page', 'per_page']) params.delete(key);
  const visible = table
    .getAllLeafColumns()
    .filter((c) => c.getIsVisible())
    .map((c) => c.id);
  const cols = serializeVisibleColumns(meta, visible);
  if (cols) params.set('cols', cols);
  return params.toString();
}

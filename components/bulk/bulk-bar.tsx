'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { bulkSyncAction, type BulkResult } from '@/lib/actions/bulk';
import type { ModelMeta } from '@/lib/models/types';
import { useToast } from '@/components/toast/toast-provider';
import { BulkDeletePanel } from './bulk-delete-panel';
import { BulkEditPanel } from './bulk-edit-panel';
import { selectedCount, selectionInput, type ListSelection } from './selection';

interface BulkBarProps {
  meta: ModelMeta;
  selection: ListSelection;
  /** Rows matching the current filter (the list's total). */
  rowCount: number;
  /** Rows on the current page. */
  pageRows: number;
  /** The list's query string, sent for "all matching". */
  search: string;
  onSelectAllMatching: () => void;
  onClear: () => void;
}

type Panel = 'edit' | 'delete' | null;

/** The bar above a list once rows are selected: the count, "select all matching", and the actions. */
export function BulkBar({ meta, selection, rowCount, pageRows, search, onSelectAllMatching, onClear }: BulkBarProps) {
  const [panel, setPanel] = useState<Panel>(null);
  const [pending, startTransition] = useTransition();
  const toast = useToast();
  const router = useRouter();
  const count = selectedCount(selection, rowCount);
  const input = selectionInput(selection, search);

  const finish = (result: BulkResult) => {
    if (result.message) toast(result.message, 'success');
    if (result.error) toast(result.error, 'error');
    if (result.message) {
      setPanel(null);
      onClear();
      router.refresh();
    }
  };

  const sync = () => startTransition(async () => finish(await bulkSyncAction(meta.key, input)));

  return (
    <div className="card space-y-2 border-sky-300 p-2 dark:border-sky-800" role="region" aria-label="Bulk actions">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span data-testid="bulk-count" className="font-medium">
          {selection.allMatching
            ? `All ${rowCount.toLocaleString('en-US')} matching ${rowCount === 1 ? meta.label.toLowerCase() : meta.labelPlural.toLowerCase()} selected`
            : `${count.toLocaleString('en-US')} selected on this page`}
        </span>
        {!selection.allMatching && selection.ids.size === pageRows && rowCount > pageRows && (
          <button type="button" className="link" onClick={onSelectAllMatching}>
            Select all {rowCount.toLocaleString('en-US')} matching
          </button>
        )}
        <button type="button" className="link" onClick={onClear}>
          Clear selection
        </button>
        <div className="ml-auto flex flex-wrap gap-2">
          {meta.editable && (
            <button
              type="button"
              className="btn"
              aria-expanded={panel === 'edit'}
              onClick={() => setPanel(panel === 'edit' ? null : 'edit')}
            >
              Edit selected
            </button>
          )}
          {meta.bulkSync && (
            <button type="button" className="btn" disabled={pending} onClick={sync}>
              {pending ? 'Queuing…' : 'Sync now'}
            </button>
          )}
          {meta.deletable && (
            <button
              type="button"
              className="btn btn-danger"
              aria-expanded={panel === 'delete'}
              onClick={() => setPanel(panel === 'delete' ? null : 'delete')}
            >
              Delete selected
            </button>
          )}
        </div>
      </div>
      {panel === 'edit' && <BulkEditPanel meta={meta} input={input} count={count} onDone={finish} />}
      {panel === 'delete' && (
        <BulkDeletePanel meta={meta} input={input} onDone={finish} onCancel={() => setPanel(null)} />
      )}
    </div>
  );
}

'use client';

import { useEffect, useState, useTransition } from 'react';
import {
  bulkDeleteAction,
  previewBulkDeleteAction,
  type BulkResult,
  type BulkSelectionInput,
} from '@/lib/actions/bulk';
import { DeleteEffects } from '@/components/detail/delete-effects';
import { blocksDelete } from '@/lib/models/on-delete';
import type { ModelMeta } from '@/lib/models/types';

interface BulkDeletePanelProps {
  meta: ModelMeta;
  input: BulkSelectionInput;
  onDone: (result: BulkResult) => void;
  onCancel: () => void;
}

type Preview = Awaited<ReturnType<typeof previewBulkDeleteAction>>;

/** The single delete's confirmation for a selection: the dependants summed over the rows, then confirm. */
export function BulkDeletePanel({ meta, input, onDone, onCancel }: BulkDeletePanelProps) {
  const [preview, setPreview] = useState<Preview | null>(null);
  const [pending, startTransition] = useTransition();
  const key = JSON.stringify(input);

  useEffect(() => {
    let live = true;
    previewBulkDeleteAction(meta.key, JSON.parse(key) as BulkSelectionInput).then((p) => live && setPreview(p));
    return () => {
      live = false;
    };
  }, [meta.key, key]);

  if (!preview)
    return (
      <p className="border-t border-zinc-200 pt-2 text-sm dark:border-zinc-800">
        Checking what depends on the selected rows…
      </p>
    );
  if ('error' in preview)
    return (
      <p
        role="alert"
        className="border-t border-zinc-200 pt-2 text-sm text-red-700 dark:border-zinc-800 dark:text-red-400"
      >
        {preview.error}
      </p>
    );
  const blocked = preview.effects.some((e) => blocksDelete(e.onDelete));
  const noun = preview.selected === 1 ? meta.label.toLowerCase() : meta.labelPlural.toLowerCase();

  return (
    <section className="space-y-2 border-t border-zinc-200 pt-2 dark:border-zinc-800" aria-label="Delete selected">
      <p>
        Delete <strong data-testid="bulk-delete-count">{preview.selected.toLocaleString('en-US')}</strong> {noun}?
      </p>
      <DeleteEffects effects={preview.effects} none="No other objects depend on them." />
      <div className="flex gap-2">
        <button
          type="button"
          className="btn btn-danger"
          disabled={blocked || pending || preview.selected === 0}
          onClick={() => startTransition(async () => onDone(await bulkDeleteAction(meta.key, input)))}
        >
          {pending ? 'Deleting…' : `Delete ${preview.selected.toLocaleString('en-US')} ${noun}`}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </section>
  );
}

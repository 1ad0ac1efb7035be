'use client';

import { useRouter } from 'next/navigation';
import { useId, useState, useTransition } from 'react';
import { useToast } from '@/components/toast/toast-provider';
import { applyImportAction, previewImportAction, type ImportState } from '@/lib/actions/import';
import { MAX_IMPORT_CHARS } from '@/lib/import/limits';
import type { ModelMeta } from '@/lib/models/types';

interface ImportFormProps {
  meta: ModelMeta;
  /** API field names the import understands, shown as help. */
  columns: string[];
}

/**
 * Paste or choose CSV/JSON, preview what each row would do (with its errors), then apply: the
 * apply re-runs the same rows and commits only if every row succeeds.
 */
export function ImportForm({ meta, columns }: ImportFormProps) {
  const [text, setText] = useState('');
  const [format, setFormat] = useState('auto');
  const [state, setState] = useState<ImportState & { previewed?: string }>({});
  const [pending, startTransition] = useTransition();
  const toast = useToast();
  const router = useRouter();
  const textId = useId();
  const formatId = useId();
  const fileId = useId();
  const tooLarge = text.length > MAX_IMPORT_CHARS;
  const rows = state.outcome?.rows ?? [];
  const failed = rows.filter((r) => r.errors.length > 0).length;
  const previewCurrent = state.previewed === `${format}\n${text}` && Boolean(state.outcome) && failed === 0;

  const preview = () =>
    startTransition(async () => {
      const result = await previewImportAction(meta.key, text, format);
      if (result.error) toast(result.error, 'error');
      setState({ ...result, previewed: `${format}\n${text}` });
    });
  const apply = () =>
    startTransition(async () => {
      const result = await applyImportAction(meta.key, text, format);
      setState(result);
      if (result.error) toast(result.error, 'error');
      if (result.message) {
        toast(result.message, 'success');
        router.push(`/${meta.key}`);
        router.refresh();
      }
    });

  return (
    <div className="space-y-3">
      <section className="card space-y-3 p-4">
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          CSV with a header row of field names, or JSON as the REST API takes it (a list of objects). A row with an{' '}
          <code>id</code> updates that {meta.label.toLowerCase()}; others create one. Related objects by id, tags by
          slug (comma-separated in CSV). Fields: <code className="break-words">{columns.join(', ')}</code>.
        </p>
        <div className="flex flex-wrap items-end gap-3">
          <div className="space-y-1">
            <label htmlFor={fileId} className="text-sm font-medium">
              File
            </label>
            <input
              id={fileId}
              type="file"
              accept=".csv,.json,text/csv,application/json"
              className="block text-sm"
              onChange={async (e) => {
                const file = e.target.files?.[0];
                if (file) setText(await file.text());
              }}
            />
          </div>
          <div className="space-y-1">
            <label htmlFor={formatId} className="text-sm font-medium">
              Format
            </label>
            <select id={formatId} className="input" value={format} onChange={(e) => setFormat(e.target.value)}>
              <option value="auto">Detect</option>
              <option value="csv">CSV</option>
              <option value="json">JSON</option>
            </select>
          </div>
        </div>
        <div className="space-y-1">
          <label htmlFor={textId} className="text-sm font-medium">
            Data
          </label>
          <textarea
            id={textId}
            className="input min-h-48 w-full font-mono text-xs"
            value={text}
            onChange={(e) => setText(e.target.value)}
            spellCheck={false}
          />
          {tooLarge && (
            <p role="alert" className="text-sm text-red-700 dark:text-red-400">
              At most {MAX_IMPORT_CHARS.toLocaleString('en-US')} characters per import; split the file.
            </p>
          )}
        </div>
        <div className="flex gap-2">
          <button type="button" className="btn" disabled={pending || tooLarge || text.trim() === ''} onClick={preview}>
            Preview
          </button>
          <button
            type="button"
            className="btn btn-primary"
            disabled={pending || !previewCurrent}
            onClick={apply}
            title={previewCurrent ? undefined : 'Preview the rows without errors first'}
          >
            Apply
          </button>
        </div>
      </section>
      {rows.length > 0 && (
        <section className="card overflow-x-auto p-2" aria-label="Import preview">
          <p className="p-2 text-sm" data-testid="import-summary">
            {failed > 0
              ? `${failed} of ${rows.length} rows have errors; nothing will be written until they are fixed.`
              : `${rows.filter((r) => r.action === 'create').length} to create, ${rows.filter((r) => r.action === 'update').length} to update.`}
          </p>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Row</th>
                <th scope="col">Action</th>
                <th scope="col">Object</th>
                <th scope="col">Errors</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.row} className={r.errors.length > 0 ? 'bg-red-50 dark:bg-red-950' : undefined}>
                  <td className="tabular-nums">{r.row}</td>
                  <td>{r.action === 'create' ? 'Create' : `Update #${r.id ?? '?'}`}</td>
                  <td>{r.display}</td>
                  <td className="text-red-700 dark:text-red-400">{r.errors.join(' ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}

import { getDb } from '@/db/client';
import { createContext, fieldList, renderRows } from '@/lib/api/render';
import type { Actor } from '@/lib/data/actor';
import { toDTOs } from '@/lib/data/dto';
import { openRowBatches } from '@/lib/data/export-rows';
import type { ModelDefinition } from '@/lib/models/define-model';
import type { FieldMeta, ListQuery } from '@/lib/models/types';
import { cellText } from './cell-text';
import { csvLine } from './csv';

// A list export as a byte stream: rows are read in keyset batches, in the list's own order, and
// encoded as the consumer pulls, so memory stays at one batch whatever the row count. Two shapes: the current view
// (the visible columns, as the table shows them) and all fields (NetBox's API representation,
// the same objects `GET /api/...` returns; in CSV, related objects by id and tags by slug so
// the file imports back).

export type ExportFormat = 'csv' | 'json';
export type ExportShape = 'view' | 'all';

export interface ExportSpec {
  model: ModelDefinition;
  format: ExportFormat;
  shape: ExportShape;
  /** The list's filter, search and sort (null sort: the model's default, as the list shows it). */
  query: Pick<ListQuery, 'q' | 'filters'> & { sort?: ListQuery['sort'] };
  /** Visible column keys, for the view shape. */
  columns: string[];
  /** Origin of the API URLs in the all-fields shape. */
  origin: string;
  batchSize?: number;
}

/** An API value as one CSV cell: choices by value, related objects by id, tags by slug. */
export function apiCellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value))
    return value
      .map((v) =>
        typeof v === 'object' && v !== null && 'slug' in v ? String((v as { slug: unknown }).slug) : apiCellText(v),
      )
      .join(',');
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if ('value' in o && 'label' in o) return apiCellText(o.value);
    if (typeof o.id === 'number') return String(o.id);
    return JSON.stringify(value);
  }
  return String(value);
}

/** API field names of the all-fields CSV: the API's own minus the link URLs. */
function allCsvColumns(model: ModelDefinition): string[] {
  return fieldList(model, 'full').filter((n) => n !== 'url' && n !== 'display_url');
}

export async function exportStream(actor: Actor, spec: ExportSpec): Promise<ReadableStream<Uint8Array>> {
  const next = await openRowBatches(actor, spec.model.meta.key, { sort: null, ...spec.query }, spec.batchSize ?? 1000);
  const encoder = new TextEncoder();
  const byKey = new Map(spec.model.meta.fields.map((f) => [f.key, f]));
  const viewFields = spec.columns.map((k) => byKey.get(k)).filter((f): f is FieldMeta => f !== undefined);
  const apiFields = spec.format === 'csv' ? allCsvColumns(spec.model) : fieldList(spec.model, 'full');
  let started = false;
  let first = true;

  const head = (): string => {
    if (spec.format === 'json') return '[';
    return csvLine(spec.shape === 'view' ? viewFields.map((f) => f.label) : apiFields);
  };

  const encodeBatch = async (rows: Record<string, unknown>[]): Promise<string> => {
    const db = await getDb();
    if (spec.shape === 'view') {
      const dtos = await toDTOs(
        db,
        spec.model,
        rows,
        viewFields.map((f) => f.key),
      );
      if (spec.format === 'csv') return dtos.map((r) => csvLine(viewFields.map((f) => cellText(f, r)))).join('');
      return dtos
        .map((r) => {
          const obj: Record<string, string> = { id: String(r.id) };
          for (const f of viewFields) obj[f.label] = cellText(f, r);
          return (first ? ((first = false), '\n') : ',\n') + JSON.stringify(obj);
        })
        .join('');
    }
    // A fresh serializer context per batch: its row cache must not grow with the export.
    const objects = await renderRows(createContext(db, spec.origin), spec.model, rows, apiFields);
    if (spec.format === 'csv') return objects.map((o) => csvLine(apiFields.map((n) => apiCellText(o[n])))).join('');
    return objects.map((o) => (first ? ((first = false), '\n') : ',\n') + JSON.stringify(o)).join('');
  };

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          if (!started) {
            started = true;
            controller.enqueue(encoder.encode(head()));
            return;
          }
          const rows = await next();
          if (rows.length > 0) controller.enqueue(encoder.encode(await encodeBatch(rows)));
          if (rows.length === 0 || rows.length < (spec.batchSize ?? 1000)) {
            if (spec.format === 'json') controller.enqueue(encoder.encode(first ? ']\n' : '\n]\n'));
            controller.close();
          }
        } catch (error) {
          console.error(`Export of ${spec.model.meta.key} failed:`, error);
          controller.error(error);
        }
      },
    },
    // One batch is in flight at a time: the stream pulls again only when the consumer took it.
    { highWaterMark: 0 },
  );
}

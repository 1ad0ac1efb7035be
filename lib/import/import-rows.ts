import { randomUUID } from 'node:crypto';
import { createContext } from '@/lib/api/render';
import { ApiError, toApiError } from '@/lib/api/errors';
import { getRow } from '@/lib/api/list';
import { applyWrite, planWrite } from '@/lib/api/writes';
import { assertCan } from '@/lib/data/permissions';
import type { Actor } from '@/lib/data/actor';
import { AppError } from '@/lib/data/errors';
import { getRecord } from '@/lib/data/records';
import { dataDb, inTransaction } from '@/lib/data/transaction';
import { getModel } from '@/lib/models/registry';
import { parseImport, type ImportFormat } from './parse-import';

// An import is the REST API's bulk write (planWrite → applyWrite: the same translation and DAL
// validation) run row by row inside one transaction. A preview runs it too and always rolls
// back, so it reports what the database would say (duplicates within the file included); an
// apply commits only when no row failed. Rows with an `id` update that object; others create.

export interface ImportRowResult {
  /** 1-based row number in the file (the CSV header not counted). */
  row: number;
  action: 'create' | 'update';
  id: number | null;
  display: string;
  errors: string[];
}

export interface ImportOutcome {
  rows: ImportRowResult[];
  applied: boolean;
}

class Rollback extends Error {}

function messages(err: ApiError): string[] {
  const body = err.body;
  if (typeof body !== 'object' || body === null) return [String(body)];
  return Object.entries(body as Record<string, unknown>).flatMap(([name, v]) => {
    const list = Array.isArray(v)
      ? v.map(String)
      : typeof v === 'object' && v !== null
        ? Object.entries(v).map(([k, m]) => `${k}: ${String(m)}`)
        : [String(v)];
    return name === 'detail' || name === 'non_field_errors' ? list : list.map((m) => `${name}: ${m}`);
  });
}

export async function runImport(
  actor: Actor,
  modelKey: string,
  text: string,
  format: ImportFormat,
  options: { apply: boolean },
): Promise<ImportOutcome> {
  const model = getModel(modelKey);
  if (!model || model.meta.singleton) throw new AppError('not_found', 'Unknown object type.');
  if (!model.meta.creatable) throw new AppError('forbidden', `${model.meta.labelPlural} cannot be imported.`);
  assertCan(actor, 'annotate');
  const items = parseImport(model, text, format);
  const requestId = randomUUID();
  const scoped: Actor = { ...actor, requestId };
  const results: ImportRowResult[] = [];
  try {
    await inTransaction(async () => {
      // Writes never render API URLs, so the context needs no request origin.
      const ctx = createContext(await dataDb(), '');
      for (const [index, item] of items.entries()) {
        const hasId = item.id !== undefined && item.id !== null;
        const result: ImportRowResult = {
          row: index + 1,
          action: hasId ? 'update' : 'create',
          id: null,
          display: '',
          errors: [],
        };
        results.push(result);
        try {
          const existing = hasId ? await getRow(ctx, model, String(item.id)) : null;
          const plan = await planWrite(ctx, scoped, model, item, existing, existing ? 'update' : 'create');
          result.id = await applyWrite(scoped, model, plan);
          result.display = (await getRecord(scoped, model.meta.key, result.id)).display;
        } catch (err) {
          const apiErr = toApiError(model, err, requestId);
          if (apiErr.status >= 500) throw apiErr;
          result.errors = messages(apiErr);
          if (hasId) result.id = typeof item.id === 'number' ? item.id : null;
        }
      }
      if (!options.apply || results.some((r) => r.errors.length > 0)) throw new Rollback();
    });
  } catch (err) {
    if (!(err instanceof Rollback)) throw err;
    return { rows: results, applied: false };
  }
  return { rows: results, applied: true };
}

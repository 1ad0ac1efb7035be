import { parseCsv } from '@/lib/export/csv';
import type { ModelDefinition } from '@/lib/models/define-model';
import { fieldByApi } from '@/lib/api/specs';
import { MAX_IMPORT_ROWS } from './limits';

// Import text → NetBox write bodies, one per row. JSON is taken as the API takes it (a list of
// objects, or one object). CSV has a header row of API field names (what an all-fields CSV
// export writes); its cells are text, typed here by the field they belong to: numbers, booleans,
// related objects by id, tags as comma-separated slugs, custom fields as JSON. An empty cell is
// null where the field allows it.

export type ImportFormat = 'csv' | 'json';

export class ImportParseError extends Error {}

export function detectFormat(text: string): ImportFormat {
  const first = text.trimStart()[0];
  return first === '[' || first === '{' ? 'json' : 'csv';
}

function csvValue(model: ModelDefinition, name: string, raw: string): { value: unknown } | null {
  if (name === 'id') return raw.trim() === '' ? null : { value: /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : raw };
  if (name === 'tags')
    return {
      value: raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
        .map((slug) => ({ slug })),
    };
  if (name === 'custom_fields') {
    if (raw.trim() === '') return null;
    try {
      return { value: JSON.parse(raw) as unknown };
    } catch {
      return { value: raw };
    }
  }
  const field = fieldByApi(model, name);
  if (!field) return { value: raw };
  if (raw === '') return field.nullable ? { value: null } : field.required ? { value: '' } : null;
  switch (field.kind) {
    case 'integer':
    case 'number':
    case 'fk': {
      const n = Number(raw.trim());
      return { value: raw.trim() !== '' && Number.isFinite(n) ? n : raw };
    }
    case 'boolean':
    case 'nullboolean': {
      const t = raw.trim().toLowerCase();
      return { value: t === 'true' || t === '1' ? true : t === 'false' || t === '0' ? false : raw };
    }
    case 'json':
      try {
        return { value: JSON.parse(raw) as unknown };
      } catch {
        return { value: raw };
      }
    default:
      return { value: raw };
  }
}

/** The rows of an import as write bodies; throws ImportParseError for text that is not a table. */
export function parseImport(model: ModelDefinition, text: string, format: ImportFormat): Record<string, unknown>[] {
  let rows: unknown[];
  if (format === 'json') {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (err) {
      throw new ImportParseError(`The JSON does not parse: ${(err as Error).message}`);
    }
    rows = Array.isArray(data) ? data : [data];
    const bad = rows.findIndex((r) => typeof r !== 'object' || r === null || Array.isArray(r));
    if (bad >= 0) throw new ImportParseError(`Row ${bad + 1} is not an object.`);
  } else {
    let table: string[][];
    try {
      table = parseCsv(text);
    } catch (err) {
      throw new ImportParseError((err as Error).message);
    }
    if (table.length < 2) throw new ImportParseError('The CSV needs a header row of field names and at least one row.');
    const header = table[0].map((h) => h.trim());
    const unknown = header.filter((h) => h !== 'id' && h !== 'tags' && h !== 'custom_fields' && !fieldByApi(model, h));
    if (unknown.length > 0)
      throw new ImportParseError(`Unknown column${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}.`);
    rows = table.slice(1).map((cells, i) => {
      if (cells.length !== header.length)
        throw new ImportParseError(`Row ${i + 1} has ${cells.length} cells; the header has ${header.length}.`);
      const out: Record<string, unknown> = {};
      header.forEach((name, j) => {
        const v = csvValue(model, name, cells[j]);
        if (v) out[name] = v.value;
      });
      return out;
    });
  }
  if (rows.length === 0) throw new ImportParseError('There are no rows to import.');
  if (rows.length > MAX_IMPORT_ROWS)
    throw new ImportParseError(
      `At most ${MAX_IMPORT_ROWS.toLocaleString('en-US')} rows can be imported at once; this has ${rows.length.toLocaleString('en-US')}.`,
    );
  return rows as Record<string, unknown>[];
}

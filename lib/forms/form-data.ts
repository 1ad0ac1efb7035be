import { isMultiValue } from '@/lib/models/multi-value';
import type { FieldMeta, ModelMeta } from '@/lib/models/types';
import { normalizeDatetime } from '@/lib/query/list-query';

// FormData → plain input object for the DAL. Values that do not parse are passed through as the
// raw string on purpose: the model's zod schema then reports them next to the field.

/** Name of the extra checkbox that clears a stored secret. */
export const secretClearName = (key: string) => `${key}Clear`;
/** Name of the hidden input an FK picker uses to echo the chosen object's label back after errors. */
export const fkDisplayName = (key: string) => `${key}__display`;

/** Hidden input beside a set field's checkboxes: unticking them all submits nothing else. */
export const multiPresentName = (key: string) => `${key}__present`;

/** Hidden input present whenever a form carries the tag editor (an empty list is a real value). */
export const TAGS_PRESENT_NAME = 'tags__present';

/** Whether users can write the field through a form. */
export function isEditable(field: FieldMeta): boolean {
  return !field.readOnly && !field.hidden;
}

/**
 * Fields the sync owns on this particular row (ModelMeta.syncManaged): once the row carries the
 * sync's marker, users may not change them, so forms show them as text and never submit them.
 */
export function syncLockedKeys(meta: ModelMeta, record: Record<string, unknown> | null | undefined): Set<string> {
  const managed = meta.syncManaged;
  if (!managed || !record) return new Set();
  const marker = record[managed.marker];
  return marker === null || marker === undefined ? new Set() : new Set(managed.fields);
}

type Parsed = { value: unknown } | null;

/** An empty input: null when the column allows it; '' for required fields so validation complains. */
function emptyValue(field: FieldMeta): Parsed {
  if (field.nullable) return { value: null };
  return field.required ? { value: '' } : null;
}

function parseNumber(field: FieldMeta, raw: string): Parsed {
  const text = raw.trim();
  if (text === '') return emptyValue(field);
  const n = Number(text);
  const valid = field.kind === 'integer' ? Number.isSafeInteger(n) : Number.isFinite(n);
  return { value: valid ? n : raw };
}

function parseJson(field: FieldMeta, raw: string): Parsed {
  if (raw.trim() === '') return emptyValue(field);
  try {
    return { value: JSON.parse(raw) as unknown };
  } catch {
    return { value: raw };
  }
}

function parseFk(field: FieldMeta, raw: string): Parsed {
  const text = raw.trim();
  if (text === '') return emptyValue(field);
  return { value: /^\d+$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : raw };
}

function parseNullBoolean(raw: string): Parsed {
  if (raw === '' || raw === 'null') return { value: null };
  if (raw === 'true' || raw === 'false') return { value: raw === 'true' };
  return { value: raw };
}

function parseSecret(field: FieldMeta, formData: FormData): Parsed {
  if (formData.get(secretClearName(field.key)) === 'on') return { value: null };
  const raw = formData.get(field.key);
  return typeof raw === 'string' && raw !== '' ? { value: raw } : null;
}

/** Ticked items of a set field, as a list (the write schema stores them as comma-separated text). */
function parseMulti(field: FieldMeta, formData: FormData): Parsed {
  if (formData.get(multiPresentName(field.key)) !== '1') return null;
  return { value: formData.getAll(field.key).filter((v): v is string => typeof v === 'string') };
}

function parseField(field: FieldMeta, formData: FormData): Parsed {
  if (field.kind === 'secret') return parseSecret(field, formData);
  if (isMultiValue(field)) return parseMulti(field, formData);
  const entry = formData.get(field.key);
  // An unchecked checkbox is not submitted at all, so absence means false for booleans.
  if (field.kind === 'boolean') return { value: entry === 'on' || entry === 'true' };
  if (typeof entry !== 'string') return null;
  switch (field.kind) {
    case 'nullboolean':
      return parseNullBoolean(entry);
    case 'integer':
    case 'number':
      return parseNumber(field, entry);
    case 'fk':
      return parseFk(field, entry);
    case 'json':
      return parseJson(field, entry);
    case 'datetime':
      return entry.trim() === '' ? emptyValue(field) : { value: normalizeDatetime(entry) ?? entry };
    case 'choice':
      return entry === '' ? emptyValue(field) : { value: entry };
    default:
      return entry === '' && field.nullable ? { value: null } : { value: entry };
  }
}

/**
 * Builds the DAL input from a submitted model form: only editable fields (minus `locked`, see
 * syncLockedKeys); blank secrets are omitted (keep the stored value) unless their "clear" box is
 * ticked (null).
 */
export function formDataToObject(
  meta: ModelMeta,
  formData: FormData,
  locked: ReadonlySet<string> = new Set(),
): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const field of meta.fields) {
    if (!isEditable(field) || locked.has(field.key)) continue;
    const parsed = parseField(field, formData);
    if (parsed) input[field.key] = parsed.value;
  }
  if (meta.taggable && formData.get(TAGS_PRESENT_NAME) === '1') {
    input.tags = formData.getAll('tags').map((v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v));
  }
  return input;
}

/** Tags echoed back after a failed submit, as brief refs for the tag editor. */
export function submittedTags(formData: FormData): { id: number; display: string; model: string }[] {
  const ids = formData.getAll('tags');
  const names = formData.getAll('tags__display');
  return ids.map((id, i) => ({ id: Number(id), display: String(names[i] ?? id), model: 'tags' }));
}

/**
 * The submitted values as strings, to refill a form after a validation error. Secret fields are
 * never included, so a password is not sent back to the browser.
 */
export function formValues(meta: ModelMeta, formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const field of meta.fields) {
    if (!isEditable(field) || field.kind === 'secret') continue;
    const entry = formData.get(field.key);
    if (isMultiValue(field)) {
      if (formData.get(multiPresentName(field.key)) === '1')
        values[field.key] = formData
          .getAll(field.key)
          .filter((v) => typeof v === 'string')
          .join(', ');
      continue;
    }
    if (field.kind === 'boolean') values[field.key] = entry === 'on' || entry === 'true' ? 'true' : 'false';
    else if (typeof entry === 'string') values[field.key] = entry;
    const display = formData.get(fkDisplayName(field.key));
    if (field.kind === 'fk' && typeof display === 'string') values[fkDisplayName(field.key)] = display;
  }
  if (meta.taggable && formData.get(TAGS_PRESENT_NAME) === '1') values.tags = JSON.stringify(submittedTags(formData));
  return values;
}

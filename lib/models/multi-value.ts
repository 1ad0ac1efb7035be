import type { FieldMeta } from './types';

// Set-valued text fields (FieldMeta.multiChoices / multiFk) keep their comma-separated storage,
// which the sync scheduler and the API read as-is; forms and detail pages work with the items.

export function isMultiValue(field: FieldMeta): boolean {
  return Boolean(field.multiChoices || field.multiFk);
}

/** Comma-separated text → trimmed, non-empty items. */
export function splitMulti(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Item that is not a choice value (multiChoices) or not an id (multiFk); ids are checked against the table on write. */
export function isBadItem(field: FieldMeta, item: string): boolean {
  if (field.multiChoices) return !field.multiChoices.some((c) => c.value === item);
  return !/^[1-9]\d{0,14}$/.test(item);
}

/** Items in canonical order (choice order, or ascending ids), without duplicates, as stored. */
export function joinMulti(field: FieldMeta, items: string[]): string {
  const unique = [...new Set(items)];
  if (field.multiChoices)
    return field.multiChoices
      .map((c) => c.value)
      .filter((v) => unique.includes(v))
      .join(', ');
  return unique.sort((a, b) => Number(a) - Number(b)).join(', ');
}

/** Ids stored in a multiFk field. */
export function multiIds(text: unknown): number[] {
  return typeof text === 'string'
    ? splitMulti(text)
        .map(Number)
        .filter((n) => Number.isSafeInteger(n) && n > 0)
    : [];
}

/** DTO key carrying the brief refs of a multiFk field's ids (the field itself stays text). */
export const multiRefsKey = (key: string) => `${key}Refs`;

import type { FieldMeta } from '@/lib/models/types';

const SYSTEM = ['id', 'created', 'lastUpdated'];
const TRAILING = ['description', 'comments'];

/**
 * Reading order for forms and detail tables. Shared base columns come first in the schema
 * (id, created, custom fields, description, comments…); NetBox shows the model's own fields
 * first, then description and comments, structured data, and the bookkeeping fields last.
 */
export function orderFields(fields: FieldMeta[]): FieldMeta[] {
  const rank = (f: FieldMeta) =>
    f.key === 'name'
      ? -1
      : SYSTEM.includes(f.key)
        ? 4
        : f.kind === 'json'
          ? 3
          : f.key === 'comments'
            ? 2
            : TRAILING.includes(f.key)
              ? 1
              : 0;
  // Array.prototype.sort is stable, so fields keep their schema order within a rank.
  return [...fields].sort((a, b) => rank(a) - rank(b));
}

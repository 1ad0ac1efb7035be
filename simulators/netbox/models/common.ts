// Field builders and rules shared by the model definitions.
import type { FieldSpec, Gate, RenderContext, Row, UniqueRule } from './types';

export const since45: Gate = (p) => p.v45;
export const since46: Gate = (p) => p.v46;
export const macObjects: Gate = (p) => p.macObjects;
export const before42: Gate = (p) => !p.macObjects;

export const str = (max?: number, o: { required?: boolean; nullable?: boolean; when?: Gate } = {}): FieldSpec => ({
  kind: 'string',
  max,
  ...o,
});
export const slug = (): FieldSpec => ({ kind: 'string', max: 100, required: true, slug: true });
export const description = (): FieldSpec => str(200);
export const comments = (when?: Gate): FieldSpec => ({ kind: 'string', when });
export const fk = (
  to: string,
  onDelete: 'protect' | 'cascade' | 'null',
  o: { required?: boolean; when?: Gate; render?: 'ip' } = {},
): FieldSpec => ({ kind: 'fk', to, onDelete, ...o });
/** `owner` (4.5+): rendered null; there are no owner objects in the simulator, so writing one fails as an unknown id. */
export const owner = (): FieldSpec => ({ kind: 'fk', to: 'users/owners', onDelete: 'null', when: since45 });
export const computed = (render: (row: Row, ctx: RenderContext) => unknown, when?: Gate): FieldSpec => ({
  kind: 'computed',
  render,
  when,
});
/** Number of `endpoint` rows pointing at this row through `field`. */
export const count = (endpoint: string, field: string, when?: Gate): FieldSpec =>
  computed((row, { db }) => db.referrers(endpoint, field, row.id).size, when);
export const zero = (when?: Gate): FieldSpec => computed(() => 0, when);

/** The label of a plain choice value (`"decommissioning"` → `"Decommissioning"`); models list the labels NetBox words differently. */
export function label(value: string): string {
  return value
    .split(/[-_]/)
    .map((w) => (w ? w[0].toUpperCase() + w.slice(1) : w))
    .join(' ');
}

/** Django's message for a single-field unique constraint. */
export function uniqueField(verbose: string, field: string, ci = false): UniqueRule {
  return {
    fields: [field],
    ci: ci ? [field] : undefined,
    error: () => ({ [field]: [`${verbose} with this ${field.replace(/_/g, ' ')} already exists.`] }),
  };
}

/** DRF's UniqueTogetherValidator message. */
export function uniqueTogether(
  fields: string[],
  o: { ci?: string[]; when?: UniqueRule['when']; gate?: Gate } = {},
): UniqueRule {
  return {
    fields,
    ...o,
    error: () => ({ non_field_errors: [`The fields ${fields.join(', ')} must make a unique set.`] }),
  };
}

/** A model constraint with its own message (rendered under `non_field_errors`). */
export function uniqueConstraint(
  fields: string[],
  message: string,
  o: { ci?: string[]; when?: UniqueRule['when']; gate?: Gate } = {},
): UniqueRule {
  return { fields, ...o, error: () => ({ non_field_errors: [message] }) };
}

// Natural order of names (`vm2` before `vm10`), case-insensitive like NetBox's collation. Each
// name's sort key (lower case, digit runs zero-padded) is computed once and compared as a plain
// string: sorting thousands of VMs per list request with Intl.Collator costs tens of ms.
const keys = new Map<string, string>();
function naturalKey(s: string): string {
  let k = keys.get(s);
  if (k === undefined) {
    if (keys.size > 200_000) keys.clear();
    k = s.toLowerCase().replace(/\d+/g, (d) => d.replace(/^0+(?=\d)/, '').padStart(20, '0'));
    keys.set(s, k);
  }
  return k;
}
export const collator = {
  compare(a: string, b: string): number {
    const ka = naturalKey(a);
    const kb = naturalKey(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  },
};
export const byName =
  (field = 'name') =>
  (a: Row, b: Row) =>
    collator.compare(String(a[field] ?? ''), String(b[field] ?? ''));

/** The usual organizational model: name and slug, both unique. */
export function organizational(verbose: string): { fields: [string, FieldSpec][]; unique: UniqueRule[] } {
  return {
    fields: [
      ['name', str(100, { required: true })],
      ['slug', slug()],
      ['description', description()],
    ],
    unique: [uniqueField(verbose, 'name'), uniqueField(verbose, 'slug')],
  };
}

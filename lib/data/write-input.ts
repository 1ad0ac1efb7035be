import type { Actor } from './actor';
import type { ModelDefinition } from '@/lib/models/define-model';
import type { FieldMeta } from '@/lib/models/types';
import { buildWriteSchema, issuesToFieldErrors } from './field-schemas';
import { validationError } from './errors';
import { encryptSecret } from '@/lib/crypto/secrets';

const SYSTEM_KEYS = new Set(['id', 'created', 'lastUpdated']);
const privileged = (actor: Actor) => actor.kind === 'sync' || actor.kind === 'system';

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) return new Date(a as Date).getTime() === new Date(b as Date).getTime();
  if (typeof a === 'object' || typeof b === 'object') return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  return (a ?? null) === (b ?? null);
}

/** Fields this actor may not write on this row (sync-owned), with the reason shown to users. */
function lockedFields(
  model: ModelDefinition,
  actor: Actor,
  existing: Record<string, unknown> | null,
): Map<string, string> {
  const locked = new Map<string, string>();
  if (privileged(actor)) return locked;
  for (const f of model.meta.fields) {
    if (f.readOnly && !SYSTEM_KEYS.has(f.key))
      locked.set(f.key, 'This field is set by the Proxmox sync and cannot be changed.');
  }
  const managed = model.meta.syncManaged;
  if (managed && existing && existing[managed.marker] != null) {
    for (const key of managed.fields)
      locked.set(key, 'This object is managed by the Proxmox sync; change it in Proxmox instead.');
  }
  return locked;
}

export interface PreparedWrite {
  values: Record<string, unknown>;
  tagIds?: number[];
}

/**
 * Validates user input for a create or update: strips system keys, rejects writes to sync-owned
 * fields, runs the field schemas and cross-field rules on the merged row, encrypts secrets.
 * Secret fields that are absent or blank keep their stored value.
 */
export function prepareWrite(
  model: ModelDefinition,
  actor: Actor,
  input: Record<string, unknown>,
  existing: Record<string, unknown> | null,
): PreparedWrite {
  const mode = existing ? 'update' : 'create';
  const errors: Record<string, string[]> = {};
  const locked = lockedFields(model, actor, existing);
  const writable: FieldMeta[] = [];
  const candidate: Record<string, unknown> = {};
  const known = new Set(model.meta.fields.map((f) => f.key));

  for (const key of Object.keys(input)) {
    if (key === 'tags' || SYSTEM_KEYS.has(key)) continue;
    if (!known.has(key)) errors[key] = ['Unknown field.'];
  }
  for (const field of model.meta.fields) {
    if (SYSTEM_KEYS.has(field.key) || !(field.key in input)) continue;
    const value = input[field.key];
    if (field.kind === 'secret' && (value === '' || value === undefined)) continue;
    const reason = locked.get(field.key);
    if (reason) {
      if (!existing || !sameValue(existing[field.key], value)) errors[field.key] = [reason];
      continue;
    }
    writable.push(field);
    candidate[field.key] = value;
  }
  // On create, every required field must be validated even when absent.
  const schemaFields =
    mode === 'create'
      ? model.meta.fields.filter(
          (f) => !SYSTEM_KEYS.has(f.key) && !locked.has(f.key) && (f.required || f.key in candidate),
        )
      : writable;
  const parsed = buildWriteSchema(schemaFields, mode).safeParse(candidate);
  if (!parsed.success) Object.assign(errors, issuesToFieldErrors(parsed.error));
  // Cross-field rules run even when a field failed, so that a user sees every problem at once.
  const merged = { ...(existing ?? {}), ...(parsed.success ? parsed.data : candidate) };
  for (const [key, messages] of Object.entries(model.validate?.(merged) ?? {})) {
    if (!errors[key]) errors[key] = messages;
  }
  if (Object.keys(errors).length > 0 || !parsed.success) throw validationError(errors);
  const values = parsed.data as Record<string, unknown>;
  if (existing) requireSecretsForNewAddress(model, existing, values);

  for (const field of model.meta.fields) {
    if (field.kind === 'secret' && typeof values[field.key] === 'string')
      values[field.key] = encryptSecret(values[field.key] as string);
  }
  return { values, tagIds: parseTagIds(model, input.tags) };
}

export const SECRET_FOR_NEW_ADDRESS =
  'Enter this secret again: the address changed, and a stored secret is only sent to the address it was entered for.';

/**
 * A changed scheme, host, IP address or port needs every stored secret re-entered in the same
 * write; otherwise the write is refused with an error on each such secret and nothing changes.
 */
function requireSecretsForNewAddress(
  model: ModelDefinition,
  existing: Record<string, unknown>,
  values: Record<string, unknown>,
): void {
  const address = model.meta.addressFields ?? [];
  if (!address.some((key) => key in values && !sameValue(existing[key], values[key]))) return;
  const errors: Record<string, string[]> = {};
  for (const field of model.meta.fields) {
    if (field.kind !== 'secret' || existing[field.key] == null || existing[field.key] === '') continue;
    // A new value, or null (the secret is removed), is fine: nothing stored goes to the new address.
    if (typeof values[field.key] !== 'string' && values[field.key] !== null)
      errors[field.key] = [SECRET_FOR_NEW_ADDRESS];
  }
  if (Object.keys(errors).length > 0) throw validationError(errors);
}

function parseTagIds(model: ModelDefinition, raw: unknown): number[] | undefined {
  if (raw === undefined) return undefined;
  if (!model.meta.taggable) throw validationError({ tags: ['This object cannot be tagged.'] });
  const list = Array.isArray(raw) ? raw : [raw];
  const ids = list
    .map((v) => (typeof v === 'object' && v !== null && 'id' in v ? (v as { id: unknown }).id : v))
    .map(Number);
  if (ids.some((id) => !Number.isInteger(id) || id < 1)) throw validationError({ tags: ['Tags must be given by id.'] });
  return [...new Set(ids)];
}

/** The subset of `values` that differs from `existing`: an update that changes nothing writes nothing. */
export function changedValues(
  existing: Record<string, unknown>,
  values: Record<string, unknown>,
): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([k, v]) => !sameValue(existing[k], v)));
}

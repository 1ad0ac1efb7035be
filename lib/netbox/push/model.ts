import type { JsonValue, PushObjectType } from './types';

/** A reference to another pushed object by its local key; resolved to its NetBox id when written. */
export interface Ref {
  $ref: string;
}

export type FieldValue = JsonValue | Ref;

export const isRef = (v: unknown): v is Ref =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as Ref).$ref === 'string';

/** The Proxmox identity an object claims; another identity on a NetBox object means "not ours". */
export interface Identity {
  /** Custom field → value that must match when NetBox holds a value for it. */
  fields: Record<string, JsonValue>;
  describe: string;
}

/** One NetBox object as the local inventory wants it. */
export interface Desired {
  type: PushObjectType;
  /** Stable local identity, e.g. `vm:12`; the ownership record's key. */
  key: string;
  label: string;
  localModel: string;
  localId: number | null;
  /** Natural key, computed the same way from the NetBox object by `naturalKeyOf` (refs as `#<key>`). */
  natural: string;
  /** Fields written on create (refs resolved then). */
  fields: Record<string, FieldValue>;
  /** The subset of `fields` an update may change (the overwrite flags decide). */
  updatable: string[];
  /** Fields referencing objects written later (primary IPs, primary MAC): set in a second pass. */
  deferred: string[];
  /** Tag slugs it should carry. */
  tags: string[];
  /** Whether tags other than `proxbox` are kept in line on update (overwrite flag). */
  tagsOnUpdate: boolean;
  /** Owned custom field values. */
  customFields: Record<string, JsonValue>;
  customFieldsOnUpdate: boolean;
  /** Whether the Proxmox guest tags (`pve-…`) are kept in line on update (their own overwrite flag). */
  pveTagsOnUpdate?: boolean;
  identity?: Identity;
  /** Shared objects (tags, types, roles, sites…) are adopted and kept but never deleted. */
  shared?: boolean;
}

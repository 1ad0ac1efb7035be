// How a NetBox model is described to the generic store, validator and renderer: its fields in
// serializer order (with the release that has them), brief fields, display, uniqueness rules
// and cross-field checks.
import type { VersionProfile } from '../versions';

/** A stored object: field values with related objects as ids, plus `tags` (ids) and `custom_fields`. */
export type Row = Record<string, unknown> & { id: number };

/** Field errors as NetBox renders them: `{"field": ["message"]}`; nested serializers one level deeper. */
export type Errors = Record<string, string[] | Record<string, string[]> | unknown[]>;

export type Gate = (p: VersionProfile) => boolean;

interface Common {
  /** Present only in releases where this returns true (default: all). */
  when?: Gate;
}

export type FieldSpec = Common &
  (
    | {
        kind: 'string';
        max?: number;
        required?: boolean;
        nullable?: boolean;
        slug?: boolean;
        mac?: boolean;
        default?: string | null;
      }
    | { kind: 'int'; min?: number; max?: number; required?: boolean; nullable?: boolean; default?: number | null }
    | { kind: 'decimal'; min?: number; max?: number; nullable?: boolean; default?: number | null }
    | { kind: 'bool'; default: boolean }
    | {
        kind: 'choice';
        choices: readonly (string | number)[];
        labels?: Record<string, string>;
        default: string | null;
        nullable?: boolean;
        required?: boolean;
      }
    /** A related object: written as an id or a dict of attributes, rendered as its brief form. */
    | { kind: 'fk'; to: string; required?: boolean; onDelete: 'protect' | 'cascade' | 'null'; render?: 'ip' }
    | { kind: 'json'; default?: unknown }
    | { kind: 'strings'; required?: boolean }
    /** Read-only, derived on render. */
    | { kind: 'computed'; render: (row: Row, ctx: RenderContext) => unknown }
  );

export interface RenderContext {
  db: Db;
  profile: VersionProfile;
  baseUrl: string;
  /** The nested (brief) form of a related object, or null. */
  nested(endpoint: string, id: unknown, mode?: 'ip'): unknown;
}

/** A uniqueness rule; `null` values never collide (as in PostgreSQL). */
export interface UniqueRule {
  fields: string[];
  /** Fields compared case-insensitively (NetBox's `Lower(name)` constraints). */
  ci?: string[];
  when?: (row: Row, p: VersionProfile) => boolean;
  gate?: Gate;
  /** The 400 body for a collision. */
  error: (row: Row, other?: Row) => Errors;
}

/** A generic relation (`assigned_object_type` + `assigned_object_id`, `scope_type` + `scope_id`). */
export interface GenericRelation {
  typeField: string;
  idField: string;
  /** Allowed content types → endpoint. */
  targets: Record<string, string>;
  /** What deleting the target does to this object. */
  onDelete: 'cascade' | 'null';
}

export interface ModelSpec {
  endpoint: string;
  /** `app_label.model`, e.g. `virtualization.virtualmachine`. */
  contentType: string;
  /** Model class name, for "No VirtualMachine matches the given query." */
  className: string;
  /** Django's verbose name, for "virtual machine with this name already exists." */
  verbose: string;
  when?: Gate;
  fields: [string, FieldSpec][];
  tagged: boolean;
  customFields: boolean;
  brief: string[];
  display(row: Row, db: Db): string;
  /** Default order (NetBox's `Meta.ordering`); ties by id. */
  order?: (a: Row, b: Row, db: Db) => number;
  /** Fields `?q=` searches (case-insensitive contains). */
  search: string[];
  unique: UniqueRule[];
  generic?: GenericRelation;
  /** Model `clean()`: cross-field and cross-object rules, after field parsing. */
  clean?(row: Row, old: Row | undefined, db: Db, p: VersionProfile, errors: Errors): void;
  /** Fills derived values before saving (e.g. a VM's site from its cluster). */
  prepare?(row: Row, old: Row | undefined, db: Db, p: VersionProfile): void;
  /** Runs after a save or delete (e.g. a VM's `disk` follows its virtual disks). */
  after?(db: Db, row: Row | undefined, old: Row | undefined): void;
}

/** What models may ask of the store. */
export interface Db {
  get(endpoint: string, id: number): Row | undefined;
  all(endpoint: string): Iterable<Row>;
  /** Ids of `endpoint` rows whose `field` (an FK, or a generic relation key `type:id`) equals `value`. */
  referrers(endpoint: string, field: string, value: number | string): ReadonlySet<number>;
  /** Replaces a row without validation (derived values). */
  patch(endpoint: string, id: number, values: Record<string, unknown>): void;
  model(endpoint: string): ModelSpec;
}

export function addError(errors: Errors, field: string, message: string): void {
  const list = errors[field];
  if (Array.isArray(list)) list.push(message);
  else errors[field] = [message];
}

/** A 4xx answer with NetBox's body. */
export class NetboxError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(
      typeof body === 'object' && body && 'detail' in body
        ? String((body as { detail: unknown }).detail)
        : JSON.stringify(body),
    );
    this.name = 'NetboxError';
  }
}

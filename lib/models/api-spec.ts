import type { SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';

// What a model's definition declares about its REST API (`defineModel({ api: {...} })`). This is
// plain data: lib/api interprets it (paths.ts, specs.ts, computed.ts, custom-fields.ts,
// cf-filters.ts), so lib/models never depends on the API's request machinery.

export type JsonSchema = Record<string, unknown>;

/**
 * A read-only field NetBox's serializer adds besides the columns. Each kind is a behaviour
 * lib/api/computed.ts implements once; a definition only picks kinds and their arguments.
 */
export type ComputedSpec =
  /** `count(*)` of `table` rows whose `column` references the object (NetBox's `*_count`). */
  | { kind: 'count'; table: PgTable; column: PgColumn; where?: SQL }
  /** A fixed value: features Proxbox does not model (cables, templates, FHRP groups, …). */
  | { kind: 'constant'; value: unknown; schema: JsonSchema; counter: boolean }
  /** A generic relation (`<app>.<model>` in `typeKey` + id in `idKey`) as the object's brief form. */
  | { kind: 'generic-relation'; typeKey: string; idKey: string }
  /** NetBox's `primary_ip` from `primaryIp6Id` / `primaryIp4Id`. */
  | { kind: 'primary-ip' }
  /** The rendered config context: the object's local context data. */
  | { kind: 'config-context' }
  /** `{value: 4|6, label}` from the `address` column. */
  | { kind: 'ip-family' }
  /** IP addresses whose `natInsideId` is this address. */
  | { kind: 'nat-outside' }
  /** Sum of a column of the virtual machines of a cluster. */
  | { kind: 'allocated'; column: 'vcpus' | 'memory' | 'disk' }
  /** The change's user from `userId` / `userName`. */
  | { kind: 'change-user' }
  /** A change-log snapshot column keyed by API names. */
  | { kind: 'change-snapshot'; column: 'prechangeData' | 'postchangeData' };

/** How a `cf_<name>` filter on a derived custom field maps onto the columns. */
export type CustomFieldFilter =
  | { key: string; type: 'text' | 'integer' | 'boolean' }
  /** By Proxmox cluster name: through `proxmoxClusterId` (guests) or the Proxmox node row (devices). */
  | { cluster: 'guest' | 'node' }
  /** `startOnBoot = 'on'`. */
  | { startOnBoot: true };

/**
 * Custom fields the API derives from real columns (upstream stored them as NetBox custom fields).
 * `source` names the deriver in lib/api/custom-fields.ts; `fields` lists the names in output
 * order, each with its `cf_<name>` filter (null: not filterable).
 */
export interface DerivedCustomFields {
  source: 'proxmox-guest' | 'proxmox-node';
  fields: Record<string, CustomFieldFilter | null>;
}

export interface ModelApi {
  /** Where the model lives under `/api/`: `dcim/sites`, `plugins/proxbox/backups`. */
  path: string;
  /** NetBox's class name when it is not the label in PascalCase (`VMBackup`, `ObjectChange`). */
  name?: string;
  /**
   * Brief fields besides id, url and display (NetBox serializers' `Meta.brief_fields`). Without
   * it: whichever of the identifying fields (name, slug, volid, upid, …) the model has.
   */
  brief?: string[];
  /** Read-only fields the serializer adds, by API name (may shadow a column). */
  computed?: Record<string, ComputedSpec>;
  customFields?: DerivedCustomFields;
}

const INT: JsonSchema = { type: 'integer' };

/** `count(*)` of rows of `table` referencing the object through `column`. */
export const countOf = (table: PgTable, column: PgColumn, where?: SQL): ComputedSpec => ({
  kind: 'count',
  table,
  column,
  where,
});
/** A constant read-only value (`counter`: dropped when nested, as NetBox drops counts). */
export const constantOf = (value: unknown, schema: JsonSchema = INT, counter = false): ComputedSpec => ({
  kind: 'constant',
  value,
  schema,
  counter,
});
/** A counter of a NetBox feature Proxbox does not keep: always zero. */
export const zeroCounter = constantOf(0, INT, true);
export const zeroCounters = (...names: string[]): Record<string, ComputedSpec> =>
  Object.fromEntries(names.map((n) => [n, zeroCounter]));
export const emptyList = constantOf([], { type: 'array', items: {} });
export const nullValue = constantOf(null, { nullable: true });
export const genericRelation = (typeKey: string, idKey: string): ComputedSpec => ({
  kind: 'generic-relation',
  typeKey,
  idKey,
});

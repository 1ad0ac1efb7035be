import { and, count, inArray, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import * as s from '@/db/schema';
import type { ComputedSpec, JsonSchema } from '@/lib/models/api-spec';
import type { ModelDefinition } from '@/lib/models/define-model';
import { getModelByObjectType } from '@/lib/models/registry';
import type { ApiContext, Row } from './context';

// Read-only fields NetBox serializers add to a model's columns: related-object counters, the
// IP family, primary_ip, generic relations (assigned_object, changed_object, scope) and the
// constants of NetBox features Proxbox does not model (cables, templates, FHRP, MAC objects).
// Each model declares which ones it has in its definition (`api.computed`); this module
// implements each kind once.

export type { JsonSchema };
export type Resolver = (row: Row) => unknown;

export interface ComputedField {
  /** A related-object count: dropped when the object is nested inside another (NetBox does). */
  counter?: boolean;
  schema: JsonSchema;
  load: (ctx: ApiContext, rows: Row[]) => Promise<Resolver> | Resolver;
}

const ids = (rows: Row[]) => rows.map((r) => r.id as number);
const int: JsonSchema = { type: 'integer', readOnly: true };

function constant(value: unknown, schema: JsonSchema, counter = false): ComputedField {
  return { counter, schema: { ...schema, readOnly: true }, load: () => () => value };
}

/** `select column, count(*) … where column in (page ids) group by column` — one query per page. */
function countBy(table: PgTable, column: PgColumn, where?: SQL): ComputedField {
  return {
    counter: true,
    schema: int,
    load: async (ctx, rows) => {
      const counts = new Map<number, number>();
      if (rows.length > 0) {
        const found = await ctx.db
          .select({ key: column, n: count() })
          .from(table)
          .where(and(inArray(column, ids(rows)), where))
          .groupBy(column);
        for (const f of found) counts.set(Number(f.key), Number(f.n));
      }
      return (row) => counts.get(row.id as number) ?? 0;
    },
  };
}

/** A generic relation (`<app>.<model>` + id) as the related object's brief form. */
function genericRelation(typeKey: string, idKey: string): ComputedField {
  return {
    schema: { nullable: true, readOnly: true },
    load: async (ctx, rows) => {
      const byType = new Map<string, number[]>();
      for (const r of rows) {
        const [type, id] = [r[typeKey], r[idKey]];
        if (typeof type !== 'string' || typeof id !== 'number') continue;
        if (!byType.has(type)) byType.set(type, []);
        byType.get(type)!.push(id);
      }
      const found = new Map<string, Map<number, unknown>>();
      for (const [type, list] of byType) {
        const target = getModelByObjectType(type);
        if (target) found.set(type, await ctx.nested(target.meta.key, list));
      }
      return (row) => found.get(row[typeKey] as string)?.get(row[idKey] as number) ?? null;
    },
  };
}

const ipBrief: JsonSchema = { $ref: '#/components/schemas/BriefIPAddress' };
/** NetBox's `primary_ip`: IPv6 first unless PREFER_IPV4 (off by default), then IPv4. */
const primaryIp: ComputedField = {
  schema: { allOf: [ipBrief], nullable: true, readOnly: true },
  load: async (ctx, rows) => {
    const wanted = rows
      .flatMap((r) => [r.primaryIp6Id, r.primaryIp4Id])
      .filter((v): v is number => typeof v === 'number');
    const briefs = await ctx.nested('ip-addresses', wanted);
    return (row) => briefs.get(row.primaryIp6Id as number) ?? briefs.get(row.primaryIp4Id as number) ?? null;
  },
};
/** Proxbox has no config contexts: the rendered context is the object's local context data. */
const configContext: ComputedField = {
  schema: { type: 'object', nullable: true, readOnly: true },
  load: () => (row) => row.localContextData ?? {},
};

const family: ComputedField = {
  schema: {
    type: 'object',
    readOnly: true,
    properties: { value: { type: 'integer', enum: [4, 6] }, label: { type: 'string', enum: ['IPv4', 'IPv6'] } },
  },
  load: () => (row) => (String(row.address).includes(':') ? { value: 6, label: 'IPv6' } : { value: 4, label: 'IPv4' }),
};

const natOutside: ComputedField = {
  schema: { type: 'array', readOnly: true, items: ipBrief },
  load: async (ctx, rows) => {
    const outside =
      rows.length > 0
        ? await ctx.db
            .select({ id: s.ipAddresses.id, inside: s.ipAddresses.natInsideId })
            .from(s.ipAddresses)
            .where(inArray(s.ipAddresses.natInsideId, ids(rows)))
        : [];
    const briefs = await ctx.nested(
      'ip-addresses',
      outside.map((o) => o.id),
    );
    return (row) => outside.filter((o) => o.inside === row.id).map((o) => briefs.get(o.id));
  },
};

function allocated(column: 'vcpus' | 'memory' | 'disk'): ComputedField {
  return {
    counter: true,
    schema: { type: column === 'vcpus' ? 'number' : 'integer', readOnly: true },
    load: async (ctx, rows) => {
      const vm = s.virtualMachines;
      const sums =
        rows.length > 0
          ? await ctx.db
              .select({ key: vm.clusterId, total: sql<string>`coalesce(sum(${vm[column]}), 0)` })
              .from(vm)
              .where(inArray(vm.clusterId, ids(rows)))
              .groupBy(vm.clusterId)
          : [];
      return (row) => Number(sums.find((x) => x.key === row.id)?.total ?? 0);
    },
  };
}

const user: ComputedField = {
  schema: { type: 'object', nullable: true, readOnly: true },
  load: (ctx) => (row) =>
    typeof row.userId === 'number'
      ? {
          id: row.userId,
          url: `${ctx.origin}/api/users/users/${row.userId}/`,
          display: row.userName,
          username: row.userName,
        }
      : null,
};

/** Change-log snapshots keyed by API names, without id/created/last_updated (NetBox's clean form). */
function snapshot(column: 'prechangeData' | 'postchangeData'): ComputedField {
  return {
    schema: { type: 'object', nullable: true, readOnly: true },
    load: () => (row) => {
      const data = row[column] as Record<string, unknown> | null;
      const model = getModelByObjectType(String(row.changedObjectType));
      if (!data) return null;
      const apiName = (key: string) =>
        model?.meta.fields.find((f) => f.key === key)?.api ?? key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
      return Object.fromEntries(
        Object.entries(data)
          .filter(([k]) => !['id', 'created', 'lastUpdated'].includes(k))
          .map(([k, v]) => [apiName(k), v]),
      );
    },
  };
}

function build(spec: ComputedSpec): ComputedField {
  switch (spec.kind) {
    case 'count':
      return countBy(spec.table, spec.column, spec.where);
    case 'constant':
      return constant(spec.value, spec.schema, spec.counter);
    case 'generic-relation':
      return genericRelation(spec.typeKey, spec.idKey);
    case 'primary-ip':
      return primaryIp;
    case 'config-context':
      return configContext;
    case 'ip-family':
      return family;
    case 'nat-outside':
      return natOutside;
    case 'allocated':
      return allocated(spec.column);
    case 'change-user':
      return user;
    case 'change-snapshot':
      return snapshot(spec.column);
  }
}

const built = new WeakMap<ModelDefinition, Record<string, ComputedField>>();

/** The computed fields of a model, by API name (may shadow a column, e.g. object-change `user`). */
export function computedFields(model: ModelDefinition): Record<string, ComputedField> {
  let fields = built.get(model);
  if (!fields) {
    fields = Object.fromEntries(Object.entries(model.api?.computed ?? {}).map(([name, spec]) => [name, build(spec)]));
    built.set(model, fields);
  }
  return fields;
}

import { and, ilike, inArray, isNull, not, or, sql, type SQL } from 'drizzle-orm';
import { proxmoxClusters, proxmoxNodes } from '@/db/schema';
import { columnOf, escapeLike } from '@/lib/data/list-filters';
import type { ModelDefinition } from '@/lib/models/define-model';

// `cf_<name>` filters (NetBox generates them per custom field). The derived Proxmox fields map
// onto real columns, as their model's definition declares in `api.customFields`, with NetBox's
// semantics for their types: text fields use the upstream plugin's filter_logic "loose"
// (case-insensitive contains unless a lookup is given), integers and
// booleans are exact. Other names filter the stored custom-field JSON by exact text value
// (`__ic`, `__n`, `__empty` also work); their types are unknown, so no numeric comparisons.

export type CfTranslation = { field: string; lookup: string } | { sql: SQL } | null;

function clusterCondition(model: ModelDefinition, kind: 'guest' | 'node', lookup: string, values: string[]): SQL {
  const names = or(
    ...values.map((v) =>
      lookup === '' || lookup === 'ic'
        ? ilike(proxmoxClusters.name, `%${escapeLike(v)}%`)
        : inArray(proxmoxClusters.name, [v]),
    ),
  )!;
  const matching =
    kind === 'guest'
      ? sql`${columnOf(model, 'proxmoxClusterId')} in (select ${proxmoxClusters.id} from ${proxmoxClusters} where ${names})`
      : sql`${columnOf(model, 'id')} in (select ${proxmoxNodes.netboxDeviceId} from ${proxmoxNodes} inner join ${proxmoxClusters} on ${proxmoxClusters.id} = ${proxmoxNodes.proxmoxClusterId} where ${names})`;
  return lookup === 'n' || lookup === 'nic' ? not(matching) : matching;
}

function storedCondition(model: ModelDefinition, name: string, lookup: string, values: string[]): SQL | null {
  const value = sql`(${columnOf(model, 'customFields')} ->> ${name})`;
  switch (lookup) {
    case '':
      return or(...values.map((v) => sql`${value} = ${v}`))!;
    case 'n':
      return and(...values.map((v) => sql`${value} is distinct from ${v}`))!;
    case 'ic':
      return or(...values.map((v) => sql`${value} ilike ${`%${escapeLike(v)}%`}`))!;
    case 'empty': {
      const empty = or(sql`${value} is null`, sql`${value} = ''`)!;
      return values.some((v) => v === 'true' || v === '1') ? empty : not(empty);
    }
    default:
      return null;
  }
}

/**
 * Translates `cf_<name>[__lookup]=values` for a model: a field filter for the DAL, an SQL
 * condition, or null (ignored, as NetBox ignores unknown filters).
 */
export function translateCustomFieldFilter(model: ModelDefinition, param: string, values: string[]): CfTranslation {
  const [name, lookup = ''] = param.slice(3).split('__');
  if (!/^[a-z0-9_]+$/.test(name) || !model.meta.fields.some((f) => f.key === 'customFields')) return null;
  const derived = model.api?.customFields?.fields ?? {};
  const mapping = Object.hasOwn(derived, name) ? derived[name] : undefined;
  if (!mapping) {
    const condition = storedCondition(model, name, lookup, values);
    return condition ? { sql: condition } : null;
  }
  if ('cluster' in mapping) return { sql: clusterCondition(model, mapping.cluster, lookup, values) };
  if ('startOnBoot' in mapping) {
    const on = values.some((v) => v === 'true' || v === '1' || v === 'True');
    const column = columnOf(model, 'startOnBoot');
    return { sql: on === (lookup !== 'n') ? sql`${column} = 'on'` : or(sql`${column} <> 'on'`, isNull(column))! };
  }
  return { field: mapping.key, lookup: mapping.type === 'text' && lookup === '' ? 'ic' : lookup };
}

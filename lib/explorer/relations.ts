import { getMeta } from '@/lib/models/registry';

// The instance view's edges, derived from the model registry rather than listed per model:
// a model's foreign keys lead to its parents (a VM → its cluster, device, endpoint), and the
// registry's reverse relations lead to its children (an endpoint → its clusters, nodes,
// storage), including the indirect ones the detail page shows (a node → its guests, a VM →
// its IP addresses, a storage → its virtual disks).

export interface RelationSpec {
  /** `parent:<field>` or `child:<model>:<field>`; stable, safe in a query string. */
  key: string;
  direction: 'parent' | 'child';
  /** Registry key of the neighbouring model. */
  model: string;
  /** parent: the foreign key field on this model; child: the filter key on the neighbour. */
  field: string;
  label: string;
  /** Reached through another table (a registry virtual filter), not a foreign key column. */
  indirect: boolean;
}

/** Every relation of a model, parents first, in the registry's field and related order. */
export function relationsOf(modelKey: string): RelationSpec[] {
  const meta = getMeta(modelKey);
  if (!meta) return [];
  const parents: RelationSpec[] = meta.fields
    .filter((f) => f.kind === 'fk' && f.fk && getMeta(f.fk))
    .map((f) => ({
      key: `parent:${f.key}`,
      direction: 'parent',
      model: f.fk!,
      field: f.key,
      label: f.label,
      indirect: false,
    }));
  const children: RelationSpec[] = meta.related
    .filter((rel) => getMeta(rel.model))
    .map((rel) => ({
      key: `child:${rel.model}:${rel.field}`,
      direction: 'child',
      model: rel.model,
      field: rel.field,
      label: rel.label,
      indirect: rel.indirect === true,
    }));
  return [...parents, ...children];
}

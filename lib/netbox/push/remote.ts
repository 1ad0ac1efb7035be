// Reading what NetBox holds, in bulk: per object type the objects carrying the `proxbox` tag (one
// paged list), then, only for wanted objects not found among them, the candidates an adoption or a
// clash could come from, filtered by name, slug, address or parent (never one GET per object).
import type { NetboxObject } from '../client';
import { ipHost } from './compare';
import type { Desired } from './model';
import { OWNER_TAG } from './local';
import type { PushObjectType } from './types';

export interface RemoteSource {
  list(type: string, query?: Record<string, string | number | (string | number)[]>): Promise<NetboxObject[]>;
  listWhereIn(
    type: string,
    filter: string,
    values: (string | number)[],
    extra?: Record<string, string | number>,
  ): Promise<NetboxObject[]>;
}

/** Types without tags: read by their natural key only. */
const UNTAGGED = new Set<PushObjectType>(['extras/tags', 'extras/custom-fields']);

/** Above this many unmatched guests in one cluster, reading the cluster's VMs is cheaper than by name. */
const BY_PARENT_THRESHOLD = 200;

/** Objects of `type` carrying the owner tag. */
export async function readOwned(source: RemoteSource, type: PushObjectType): Promise<NetboxObject[]> {
  if (UNTAGGED.has(type)) return [];
  return source.list(type, { tag: OWNER_TAG });
}

const fieldOf = (d: Desired, name: string) => d.fields[name];

const PARENT_FIELD: Partial<Record<PushObjectType, string>> = {
  'dcim/device-types': 'manufacturer',
  'dcim/devices': 'site',
  'dcim/interfaces': 'device',
  'virtualization/virtual-machines': 'cluster',
  'virtualization/interfaces': 'virtual_machine',
  'virtualization/virtual-disks': 'virtual_machine',
  'dcim/mac-addresses': 'assigned_object_id',
};

/**
 * Candidates for wanted objects that are not (or no longer) among the owned ones: NetBox objects
 * that could be adopted or that stand in the way. `parentId` resolves a parent's key to its
 * NetBox id (children of parents that do not exist in NetBox yet have no candidates).
 */
export async function readCandidates(
  source: RemoteSource,
  type: PushObjectType,
  all: Desired[],
  parentId: (key: string) => number | null,
): Promise<NetboxObject[]> {
  // A child whose parent is new in this push has nothing in NetBox to match (IPs excepted: an
  // address is unique across NetBox, whatever it is assigned to).
  const parentField = PARENT_FIELD[type];
  const unmatched = parentField
    ? all.filter((d) => {
        const v = d.fields[parentField];
        return !(v && typeof v === 'object' && '$ref' in v) || parentId(String(v.$ref)) !== null;
      })
    : all;
  if (unmatched.length === 0) return [];
  const parentsOf = (field: string) =>
    unmatched
      .map((d) => fieldOf(d, field))
      .map((v) => (v && typeof v === 'object' && '$ref' in v ? parentId(String(v.$ref)) : null))
      .filter((x): x is number => x !== null);
  switch (type) {
    case 'extras/custom-fields':
      return source.listWhereIn(
        type,
        'name',
        unmatched.map((d) => String(d.fields.name)),
      );
    case 'extras/tags':
    case 'dcim/manufacturers':
    case 'dcim/device-types':
    case 'dcim/sites':
    case 'dcim/device-roles':
    case 'virtualization/cluster-types':
    case 'virtualization/virtual-machine-types':
      return source.listWhereIn(
        type,
        'slug',
        unmatched.map((d) => String(d.fields.slug)),
      );
    case 'virtualization/clusters':
    case 'dcim/devices':
      return source.listWhereIn(
        type,
        'name',
        unmatched.map((d) => String(d.fields.name)),
      );
    case 'virtualization/virtual-machines': {
      const clusters = parentsOf('cluster');
      const byCluster = new Map<number, number>();
      for (const c of clusters) byCluster.set(c, (byCluster.get(c) ?? 0) + 1);
      const big = [...byCluster].filter(([, n]) => n > BY_PARENT_THRESHOLD).map(([c]) => c);
      const bigSet = new Set(big);
      const small = unmatched.filter((d) => {
        const c = fieldOf(d, 'cluster');
        const id = c && typeof c === 'object' && '$ref' in c ? parentId(String(c.$ref)) : null;
        return id === null || !bigSet.has(id);
      });
      const [a, b] = await Promise.all([
        big.length ? source.listWhereIn(type, 'cluster_id', big) : Promise.resolve([]),
        small.length
          ? source.listWhereIn(
              type,
              'name__ie',
              small.map((d) => String(d.fields.name)),
            )
          : Promise.resolve([]),
      ]);
      return [...a, ...b];
    }
    case 'dcim/interfaces': {
      const ids = parentsOf('device');
      return ids.length ? source.listWhereIn(type, 'device_id', ids) : [];
    }
    case 'virtualization/interfaces':
    case 'virtualization/virtual-disks': {
      const ids = parentsOf('virtual_machine');
      return ids.length ? source.listWhereIn(type, 'virtual_machine_id', ids) : [];
    }
    case 'dcim/mac-addresses':
      return source.listWhereIn(
        type,
        'mac_address',
        unmatched.map((d) => String(d.fields.mac_address)),
      );
    case 'ipam/ip-addresses':
      return source.listWhereIn(
        type,
        'address',
        unmatched.map((d) => ipHost(String(d.fields.address))),
      );
  }
}

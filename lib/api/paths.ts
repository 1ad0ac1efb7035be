import { getModel } from '@/lib/models/registry';
import type { ModelDefinition } from '@/lib/models/define-model';

// Where each registered model lives in the NetBox-shaped API (`/api/<app>/<endpoint>/`), and the
// tree of app roots (`GET /api/`, `GET /api/dcim/`, …) built from it. Registry keys that differ
// from NetBox's URL names are mapped here (vm-interfaces → virtualization/interfaces).

const API_PATHS: Record<string, string> = {
  sites: 'dcim/sites',
  manufacturers: 'dcim/manufacturers',
  'device-types': 'dcim/device-types',
  'device-roles': 'dcim/device-roles',
  devices: 'dcim/devices',
  interfaces: 'dcim/interfaces',
  platforms: 'dcim/platforms',
  'cluster-types': 'virtualization/cluster-types',
  'cluster-groups': 'virtualization/cluster-groups',
  clusters: 'virtualization/clusters',
  'virtual-machines': 'virtualization/virtual-machines',
  'vm-interfaces': 'virtualization/interfaces',
  'virtual-disks': 'virtualization/virtual-disks',
  'virtual-machine-types': 'virtualization/virtual-machine-types',
  'ip-addresses': 'ipam/ip-addresses',
  vlans: 'ipam/vlans',
  tenants: 'tenancy/tenants',
  tags: 'extras/tags',
  'journal-entries': 'extras/journal-entries',
  'object-changes': 'core/object-changes',
  'proxmox-endpoints': 'plugins/proxbox/endpoints/proxmox',
  'netbox-endpoints': 'plugins/proxbox/endpoints/netbox',
  'fastapi-endpoints': 'plugins/proxbox/endpoints/fastapi',
  'proxmox-clusters': 'plugins/proxbox/proxmox-clusters',
  'proxmox-nodes': 'plugins/proxbox/proxmox-nodes',
  storage: 'plugins/proxbox/storage',
  'storage-virtual-disks': 'plugins/proxbox/storage-virtual-disks',
  backups: 'plugins/proxbox/backups',
  'backup-routines': 'plugins/proxbox/backup-routines',
  replications: 'plugins/proxbox/replications',
  snapshots: 'plugins/proxbox/snapshots',
  'task-history': 'plugins/proxbox/task-history',
  settings: 'plugins/proxbox/settings',
  'sync-jobs': 'plugins/proxbox/sync-jobs',
};

/**
 * NetBox endpoints of object types Proxbox does not keep. Clients such as Ansible's nb_inventory
 * read them unconditionally and treat a 404 as fatal; Proxbox has none of these objects, so it
 * answers them with an empty list (and 404 for any id).
 */
export const UNMODELLED_PATHS = new Set(['dcim/regions', 'dcim/site-groups', 'dcim/locations', 'dcim/racks', 'ipam/services', 'ipam/prefixes', 'ipam/vrfs']);

const modelByPath = new Map(Object.entries(API_PATHS).map(([key, path]) => [path, key]));

/** Registry keys of every model the API serves, in path-map order. */
export function apiModelKeys(): string[] {
  return Object.keys(API_PATHS);
}

/** `virtual-machines` → `virtualization/virtual-machines`. */
export function apiPathOf(modelKey: string): string {
  const path = API_PATHS[modelKey];
  if (!path) throw new Error(`Model "${modelKey}" has no API path.`);
  return path;
}

/** Absolute URL of a model's list endpoint, or of one object with `id`. */
export function apiUrl(origin: string, modelKey: string, id?: number): string {
  return `${origin}/api/${apiPathOf(modelKey)}/${id === undefined ? '' : `${id}/`}`;
}

/** Absolute URL of the object's page in the web UI (NetBox's `display_url`). */
export function displayUrl(origin: string, modelKey: string, id: number): string {
  return `${origin}/${modelKey}/${id}`;
}

export type ApiRoute =
  | { kind: 'empty' }
  | { kind: 'index'; path: string; children: string[] }
  | { kind: 'list'; model: ModelDefinition }
  | { kind: 'detail'; model: ModelDefinition; id: string };

/** Children of an app root such as `dcim` or `plugins/proxbox/endpoints` (first segment names). */
function childrenOf(prefix: string): string[] {
  const names = new Set<string>();
  for (const path of Object.values(API_PATHS)) {
    if (prefix === '' || path.startsWith(`${prefix}/`)) names.add(path.slice(prefix ? prefix.length + 1 : 0).split('/')[0]);
  }
  if (prefix === '') names.add('status');
  return [...names].sort();
}

/**
 * Resolves an API pathname (`/api/dcim/sites/3/`, with or without the trailing slash) to an app
 * index, a list or a detail endpoint; null when nothing lives there.
 */
export function resolveApiPath(pathname: string): ApiRoute | null {
  const rest = pathname.replace(/^\/api\/?/, '').replace(/\/+$/, '');
  if (!/^[a-z0-9/_-]*$/i.test(rest)) return null;
  if (UNMODELLED_PATHS.has(rest)) return { kind: 'empty' };
  const listKey = modelByPath.get(rest);
  if (listKey) return { kind: 'list', model: getModel(listKey)! };
  const slash = rest.lastIndexOf('/');
  const detailKey = slash > 0 ? modelByPath.get(rest.slice(0, slash)) : undefined;
  if (detailKey) return { kind: 'detail', model: getModel(detailKey)!, id: rest.slice(slash + 1) };
  const children = childrenOf(rest);
  return children.length > 0 ? { kind: 'index', path: rest, children } : null;
}

import { allModels, getModel, registryVersion } from '@/lib/models/registry';
import type { ModelDefinition } from '@/lib/models/define-model';

// Where each registered model lives in the NetBox-shaped API (`/api/<app>/<endpoint>/`, declared
// as `api.path` in its definition), and the tree of app roots (`GET /api/`, `GET /api/dcim/`, …)
// built from those paths.

/**
 * NetBox endpoints of object types Proxbox does not keep. Clients such as Ansible's nb_inventory
 * read them unconditionally and treat a 404 as fatal; Proxbox has none of these objects, so it
 * answers them with an empty list (and 404 for any id).
 */
export const UNMODELLED_PATHS = new Set([
  'dcim/regions',
  'dcim/site-groups',
  'dcim/locations',
  'dcim/racks',
  'ipam/services',
  'ipam/prefixes',
  'ipam/vrfs',
]);

let built = -1;
let modelByPath = new Map<string, ModelDefinition>();

/** API path → model, rebuilt when a model is registered after start-up. */
function pathIndex(): Map<string, ModelDefinition> {
  if (built !== registryVersion()) {
    modelByPath = new Map(allModels().flatMap((m) => (m.api ? [[m.api.path, m] as const] : [])));
    built = registryVersion();
  }
  return modelByPath;
}

/** Registry keys of every model the API serves, in registry order. */
export function apiModelKeys(): string[] {
  return [...pathIndex().values()].map((m) => m.meta.key);
}

/** `virtual-machines` → `virtualization/virtual-machines`. */
export function apiPathOf(modelKey: string): string {
  const path = getModel(modelKey)?.api?.path;
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
  for (const path of pathIndex().keys()) {
    if (prefix === '' || path.startsWith(`${prefix}/`))
      names.add(path.slice(prefix ? prefix.length + 1 : 0).split('/')[0]);
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
  const list = pathIndex().get(rest);
  if (list) return { kind: 'list', model: list };
  const slash = rest.lastIndexOf('/');
  const detail = slash > 0 ? pathIndex().get(rest.slice(0, slash)) : undefined;
  if (detail) return { kind: 'detail', model: detail, id: rest.slice(slash + 1) };
  const children = childrenOf(rest);
  return children.length > 0 ? { kind: 'index', path: rest, children } : null;
}

import { eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { proxboxPluginSettings, proxmoxEndpoints } from '@/db/schema';
import { detail } from '@/lib/api/errors';
import { ensureSettings } from '@/lib/bootstrap/settings';
import { ProxmoxError } from '@/lib/proxmox/errors';
import { pvePath } from '@/lib/proxmox/client';
import { createEndpointReaderFactory } from '@/lib/sync/read/endpoint-client';
import { backendRoute } from './http';
import { linkBackendEndpoints } from './inventory-link';
import { endpointIdsParam } from './stage-sync';

// proxbox-api's read pass-throughs (`/proxmox/cluster/status`, `/proxmox/nodes/`, storage,
// content, guest config, version): a GET of one Proxmox API path on every enabled endpoint (or
// those of `proxmox_endpoint_ids`), through the sync's Proxmox client — the endpoint's own
// credentials, sent only to its own address, with its timeout, retries and TLS settings.
// proxbox-api answers a list with one `{<endpoint name>: data}` per endpoint; so does this. An
// endpoint that fails gives `{<name>: null, "error": {category, message}}` instead of failing the
// others; when every endpoint fails the answer is 502.

const NODE = /^[A-Za-z0-9][A-Za-z0-9.-]{0,62}$/;
const STORAGE = /^[A-Za-z][A-Za-z0-9._-]{0,99}$/;

type PathOf = (
  params: Record<string, string>,
  url: URL,
) => { path: string; query?: Record<string, string | undefined> };

function param(params: Record<string, string>, name: string, pattern: RegExp): string {
  const value = params[name] ?? '';
  if (!pattern.test(value)) throw detail(400, `${name}: "${value}" is not a valid Proxmox ${name}.`);
  return value;
}

/** The Proxmox paths of the pass-through routes. */
export const PROXMOX_READS = {
  version: () => ({ path: '/version' }),
  clusterStatus: () => ({ path: '/cluster/status' }),
  clusterResources: (_p, url) => {
    const type = url.searchParams.get('type') ?? undefined;
    if (type !== undefined && !['vm', 'storage', 'node', 'sdn'].includes(type))
      throw detail(400, `type: "${type}" is not one of vm, storage, node, sdn.`);
    return { path: '/cluster/resources', query: { type } };
  },
  nodes: () => ({ path: '/nodes' }),
  storage: () => ({ path: '/storage' }),
  storageContent: (p, url) => {
    const vmid = url.searchParams.get('vmid') ?? undefined;
    if (vmid !== undefined && !/^\d{1,9}$/.test(vmid)) throw detail(400, `vmid: "${vmid}" is not a VM id.`);
    const content = url.searchParams.get('content') ?? undefined;
    if (content !== undefined && !/^[a-z]{1,20}$/.test(content))
      throw detail(400, `content: "${content}" is not a content type.`);
    return {
      path: pvePath`/nodes/${param(p, 'node', NODE)}/storage/${param(p, 'storage', STORAGE)}/content`,
      query: { content, vmid },
    };
  },
  guestConfig: (p) => {
    const type = p.type ?? '';
    if (type !== 'qemu' && type !== 'lxc') throw detail(400, `type: "${type}" is not qemu or lxc.`);
    return { path: pvePath`/nodes/${param(p, 'node', NODE)}/${type}/${param(p, 'vmid', /^\d{1,9}$/)}/config` };
  },
} satisfies Record<string, PathOf>;

/** A GET route that reads `pathOf` from every selected endpoint. */
export function proxmoxReadRoute(pathOf: PathOf) {
  return backendRoute('read', async ({ req, params }) => {
    const url = new URL(req.url);
    const { path, query } = pathOf(params, url);
    const db = await getDb();
    const linked = await linkBackendEndpoints(db);
    const ids = await endpointIdsParam(url, linked);
    const endpoints = (
      await db
        .select()
        .from(proxmoxEndpoints)
        .where(ids ? inArray(proxmoxEndpoints.id, ids) : eq(proxmoxEndpoints.enabled, true))
    ).sort((a, b) => a.id - b.id);
    if (endpoints.length === 0) throw detail(404, 'No Proxmox endpoint is configured.');
    await ensureSettings(db);
    const [settings] = await db.select().from(proxboxPluginSettings).limit(1);
    const createReader = await createEndpointReaderFactory(db, settings);
    const answers = await Promise.all(
      endpoints.map(async (endpoint) => {
        const reader = await createReader(endpoint);
        try {
          return { [endpoint.name]: await reader.get(path, z.unknown(), query) } as Record<string, unknown>;
        } catch (error) {
          const e = error instanceof ProxmoxError ? error : null;
          return {
            [endpoint.name]: null,
            error: {
              category: e?.category ?? 'internal',
              message: error instanceof Error ? error.message : String(error),
            },
          };
        } finally {
          reader.close?.();
        }
      }),
    );
    const failed = answers.filter((a) => 'error' in a).length;
    return { status: failed === answers.length ? 502 : 200, body: answers };
  });
}

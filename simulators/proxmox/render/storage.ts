// `/storage`, `/nodes/{node}/storage` and `/nodes/{node}/storage/{storage}/content`.
import type { EstateCluster, EstateNode, StorageDef } from '../estate/types';
import { sha1 } from '../format';
import { ApiError, bit, boolParam, pathNode, paramError, type ApiResult, type RequestContext } from './context';
import { storageVolumes } from './volumes';

const CONTENT_TYPES = ['images', 'rootdir', 'vztmpl', 'iso', 'backup', 'snippets', 'import'] as const;
const digests = new WeakMap<StorageDef[], string>();

/** SHA1 of the whole storage.cfg – every `/storage` entry carries the same digest. */
function cfgDigest(storages: StorageDef[]): string {
  let d = digests.get(storages);
  if (!d) {
    d = sha1(JSON.stringify(storages.map((s) => [s.id, s.type, s.content, s.config])));
    digests.set(storages, d);
  }
  return d;
}

/** Capacity as a node reports it: shared storages have one pool, local ones are per node. */
export function storageFigures(
  _cluster: EstateCluster,
  node: EstateNode,
  s: StorageDef,
): { total: number; used: number } {
  return s.shared ? { total: s.total, used: s.used } : (node.localStorage[s.id] ?? { total: 0, used: 0 });
}

/** GET /storage[?type=]: storage.cfg entries (secrets never included). */
export function getStorageConfig(ctx: RequestContext): ApiResult {
  const type = ctx.query.get('type');
  const digest = cfgDigest(ctx.cluster.storages);
  const list = ctx.cluster.storages.filter((s) => !type || s.type === type);
  return {
    data: list.map((s) => ({ storage: s.id, type: s.type, content: s.content.join(','), digest, ...s.config })),
  };
}

/** Parses a `content` list parameter (comma separated storage content types). */
function contentParam(ctx: RequestContext): string[] | undefined {
  const raw = ctx.query.get('content');
  if (!raw) return undefined;
  const list = raw.split(',');
  const bad = list.find((c) => !(CONTENT_TYPES as readonly string[]).includes(c));
  if (bad)
    throw paramError(
      'content',
      `invalid format - value '${bad}' does not have a value in the enumeration '${CONTENT_TYPES.join(', ')}'`,
    );
  return list;
}

/** GET /nodes/{node}/storage[?content=&enabled=&storage=]: status of every storage on the node. */
export function getNodeStorage(ctx: RequestContext): ApiResult {
  const node = pathNode(ctx);
  const content = contentParam(ctx);
  const only = ctx.query.get('storage');
  boolParam(ctx, 'enabled');
  const list = ctx.cluster.storages.filter(
    (s) => (!content || content.some((c) => s.content.includes(c))) && (!only || s.id === only),
  );
  return {
    data: list.map((s) => {
      const { total, used } = storageFigures(ctx.cluster, node, s);
      return {
        storage: s.id,
        type: s.type,
        content: s.content.join(','),
        active: 1,
        enabled: 1,
        shared: bit(s.shared),
        total,
        used,
        avail: total - used,
        used_fraction: total ? used / total : 0,
      };
    }),
  };
}

/** GET /nodes/{node}/storage/{storage}/content[?content=&vmid=]. */
export function getStorageContent(ctx: RequestContext): ApiResult {
  const node = pathNode(ctx);
  const storage = ctx.cluster.storages.find((s) => s.id === ctx.params.storage);
  if (!storage) throw new ApiError(500, `storage '${ctx.params.storage}' does not exist`);
  const content = contentParam(ctx);
  const vmidRaw = ctx.query.get('vmid');
  if (vmidRaw && !/^\d+$/.test(vmidRaw)) throw paramError('vmid', `type check ('integer') failed - got '${vmidRaw}'`);
  const vmid = vmidRaw ? Number(vmidRaw) : undefined;
  const items = storageVolumes(ctx.cluster, node, storage).filter(
    (v) => (!content || content.includes(String(v.content))) && (vmid === undefined || v.vmid === vmid),
  );
  return { data: items };
}

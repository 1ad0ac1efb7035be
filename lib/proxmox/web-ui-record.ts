import type { Actor } from '@/lib/data/actor';
import { getRecord, listRecords } from '@/lib/data/records';
import type { BriefRef, ModelMeta, RecordDTO } from '@/lib/models/types';
import { proxmoxWebUiUrl, type ProxmoxView } from './web-ui-link';

const ENDPOINTS = 'proxmox-endpoints';

function briefRef(value: unknown): BriefRef | null {
  return typeof value === 'object' && value !== null && typeof (value as BriefRef).id === 'number'
    ? (value as BriefRef)
    : null;
}

const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);

/**
 * The endpoint a synced row came from, or null for hand-made rows. A model with a web UI view but
 * no endpoint reference is an endpoint itself: its own domain and port are the address.
 */
async function endpointOf(actor: Actor, meta: ModelMeta, record: RecordDTO): Promise<RecordDTO | null> {
  if (!meta.fields.some((f) => f.key === 'proxmoxEndpointId')) return record;
  const ref = briefRef(record.proxmoxEndpointId);
  return ref ? getRecord(actor, ENDPOINTS, ref.id).catch(() => null) : null;
}

/** A storage's page needs a node: the first it is configured on, else the endpoint's first node. */
async function storageNode(actor: Actor, record: RecordDTO, endpointId: number): Promise<string | null> {
  const listed = text(record.nodes)
    ?.split(/[\s,;]+/)
    .find(Boolean);
  if (listed) return listed;
  const nodes = await listRecords(actor, 'proxmox-nodes', {
    page: 1,
    perPage: 1,
    sort: { key: 'name', desc: false },
    q: '',
    filters: { proxmoxEndpointId: [String(endpointId)] },
  });
  return text(nodes.rows[0]?.name);
}

async function viewOf(
  actor: Actor,
  meta: ModelMeta,
  record: RecordDTO,
  endpointId: number,
): Promise<ProxmoxView | null> {
  switch (meta.proxmoxWebUi) {
    case 'guest':
      return typeof record.vmid === 'number' && (record.guestType === 'qemu' || record.guestType === 'lxc')
        ? { kind: record.guestType, vmid: record.vmid }
        : null;
    case 'node': {
      const node =
        text(record.proxmoxNode) ?? (meta.fields.some((f) => f.key === 'proxmoxNode') ? null : text(record.name));
      return node ? { kind: 'node', node } : null;
    }
    case 'storage': {
      const storage = text(record.name);
      const node = storage ? await storageNode(actor, record, endpointId) : null;
      return storage && node ? { kind: 'storage', node, storage } : null;
    }
    case 'datacenter':
      return { kind: 'datacenter' };
    default:
      return null;
  }
}

/**
 * The Proxmox web UI URL of a synced object (registry hint `proxmoxWebUi`), built from its
 * endpoint's domain (or IP address) and port; null when the object has no endpoint or view.
 */
export async function proxmoxWebUiUrlFor(actor: Actor, meta: ModelMeta, record: RecordDTO): Promise<string | null> {
  if (!meta.proxmoxWebUi) return null;
  const endpoint = await endpointOf(actor, meta, record);
  if (!endpoint) return null;
  const host = text(endpoint.domain) ?? briefRef(endpoint.ipAddressId)?.display ?? null;
  const port = typeof endpoint.port === 'number' ? endpoint.port : null;
  if (!host || port === null) return null;
  const view = await viewOf(actor, meta, record, endpoint.id);
  return view ? proxmoxWebUiUrl({ host, port }, view) : null;
}

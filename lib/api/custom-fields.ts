import { eq, inArray } from 'drizzle-orm';
import { proxmoxClusters, proxmoxNodes } from '@/db/schema';
import type { DerivedCustomFields } from '@/lib/models/api-spec';
import type { ModelDefinition } from '@/lib/models/define-model';
import { loadRows, type ApiContext, type Row } from './context';

// The seed's Proxmox custom fields (proxmox_vm_id, proxmox_node, proxmox_link, …), which
// upstream stored as NetBox custom fields. Proxbox keeps that identity in real columns
// (docs/design-decisions.md), so the API derives the custom fields from them and merges them into the stored
// `custom_fields`; `cf_<name>` filters on them are translated to the columns (cf-filters.ts).
// A model declares the names and which deriver below computes them (`api.customFields`).

/** Names of the derived custom fields of a model (its definition's `api.customFields`), in output order. */
export function derivedCustomFields(model: ModelDefinition): string[] {
  return Object.keys(model.api?.customFields?.fields ?? {});
}

type Derived = Record<string, unknown>;

/** `https://pve1.example.com:8006/#v1:0:=qemu%2F100`; null without an endpoint address. */
export function proxmoxLink(endpoint: Row | undefined, ip: Row | undefined, target: string): string | null {
  if (!endpoint) return null;
  const rawHost =
    typeof endpoint.domain === 'string' && endpoint.domain
      ? endpoint.domain
      : ip
        ? String(ip.address).split('/')[0]
        : '';
  if (!rawHost) return null;
  const host = rawHost.includes(':') ? `[${rawHost}]` : rawHost;
  return `https://${host}:${Number(endpoint.port ?? 8006)}/#v1:0:=${encodeURIComponent(target)}`;
}

async function endpointsOf(
  ctx: ApiContext,
  rows: Row[],
): Promise<{ endpoints: Map<number, Row>; ips: Map<number, Row> }> {
  const endpoints = await loadRows(
    ctx,
    'proxmox-endpoints',
    rows.map((r) => r.proxmoxEndpointId as number),
  );
  const ips = await loadRows(
    ctx,
    'ip-addresses',
    [...endpoints.values()].map((e) => e.ipAddressId as number),
  );
  return { endpoints, ips };
}

async function guestDerived(ctx: ApiContext, rows: Row[]): Promise<(row: Row) => Derived | null> {
  const { endpoints, ips } = await endpointsOf(ctx, rows);
  const clusters = await loadRows(
    ctx,
    'proxmox-clusters',
    rows.map((r) => r.proxmoxClusterId as number),
  );
  return (row) => {
    if (row.proxmoxEndpointId == null && row.vmid == null) return null;
    const endpoint = endpoints.get(row.proxmoxEndpointId as number);
    const type = (row.guestType as string | null) ?? 'qemu';
    return {
      proxmox_vm_id: row.vmid ?? null,
      proxmox_vm_type: row.guestType ?? null,
      proxmox_node: row.proxmoxNode ?? null,
      proxmox_cluster: clusters.get(row.proxmoxClusterId as number)?.name ?? null,
      proxmox_status: row.proxmoxStatus ?? null,
      proxmox_start_at_boot: row.startOnBoot === 'on',
      proxmox_qemu_agent: row.qemuAgent ?? null,
      proxmox_unprivileged_container: row.unprivileged ?? null,
      proxmox_search_domain: row.searchDomain ?? null,
      proxmox_link:
        row.vmid == null
          ? null
          : proxmoxLink(endpoint, ips.get(endpoint?.ipAddressId as number), `${type}/${row.vmid}`),
    };
  };
}

async function nodeDerived(ctx: ApiContext, rows: Row[]): Promise<(row: Row) => Derived | null> {
  const { endpoints, ips } = await endpointsOf(ctx, rows);
  const ids = rows.map((r) => r.id as number);
  const nodes =
    ids.length === 0
      ? []
      : await ctx.db
          .select({ deviceId: proxmoxNodes.netboxDeviceId, name: proxmoxNodes.name, cluster: proxmoxClusters.name })
          .from(proxmoxNodes)
          .leftJoin(proxmoxClusters, eq(proxmoxClusters.id, proxmoxNodes.proxmoxClusterId))
          .where(inArray(proxmoxNodes.netboxDeviceId, ids));
  return (row) => {
    const node = nodes.find((n) => n.deviceId === row.id);
    if (row.proxmoxEndpointId == null && !node) return null;
    const name = (row.proxmoxNode as string | null) ?? node?.name ?? null;
    const endpoint = endpoints.get(row.proxmoxEndpointId as number);
    return {
      proxmox_node: name,
      proxmox_cluster: node?.cluster ?? null,
      proxmox_link: name ? proxmoxLink(endpoint, ips.get(endpoint?.ipAddressId as number), `node/${name}`) : null,
    };
  };
}

type Deriver = (ctx: ApiContext, rows: Row[]) => Promise<(row: Row) => Derived | null>;

/** Guests (the VM's own Proxmox columns) and Proxmox-node devices (through their node row). */
const DERIVERS: Record<DerivedCustomFields['source'], Deriver> = {
  'proxmox-guest': guestDerived,
  'proxmox-node': nodeDerived,
};

/**
 * `custom_fields` for a page of rows: the stored values, plus every derived field (null on
 * objects Proxbox does not manage, as NetBox lists every defined custom field).
 */
export async function customFieldsResolver(
  ctx: ApiContext,
  model: ModelDefinition,
  rows: Row[],
): Promise<(row: Row) => Derived> {
  const names = derivedCustomFields(model);
  const source = model.api?.customFields?.source;
  const derive = source ? await DERIVERS[source](ctx, rows) : null;
  const blanks = Object.fromEntries(names.map((n) => [n, null]));
  return (row) => {
    const stored = (row.customFields ?? {}) as Derived;
    const derived = derive?.(row);
    return derived ? { ...stored, ...derived } : { ...blanks, ...stored };
  };
}

/**
 * Validates a `custom_fields` write: derived fields may be sent back unchanged (clients echo
 * what they read) but not changed. Returns the values to store, without the derived ones.
 */
export async function customFieldsForWrite(
  ctx: ApiContext,
  model: ModelDefinition,
  existing: Row | null,
  input: Record<string, unknown>,
): Promise<{ values: Record<string, unknown>; errors: Record<string, string[]> }> {
  const names = new Set(derivedCustomFields(model));
  const current = existing ? (await customFieldsResolver(ctx, model, [existing]))(existing) : {};
  const values: Record<string, unknown> = { ...((existing?.customFields ?? {}) as Derived) };
  const errors: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(input)) {
    if (!names.has(name)) values[name] = value;
    else if (JSON.stringify(value ?? null) !== JSON.stringify(current[name] ?? null)) {
      errors[name] = ['This custom field is derived from the Proxmox sync and cannot be changed.'];
    }
  }
  for (const name of names) delete values[name];
  return { values, errors };
}

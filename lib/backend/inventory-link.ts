import { eq, inArray } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { backendNetboxEndpoints, backendProxmoxEndpoints } from '@/db/backend/schema';
import { netboxEndpoints, proxmoxEndpoints } from '@/db/schema';
import { backendDb } from '@/lib/auth/api-keys';
import { decryptSecret, encryptSecret } from '@/lib/crypto/secrets';
import { detail } from '@/lib/api/errors';

// The sync engine and the NetBox push work on the inventory's endpoints. Endpoints the Proxbox
// UI saved are there already (their backend copies carry `source_id`). Endpoints a
// netbox-proxbox plugin pushed to /netbox/endpoint and /proxmox/endpoints exist only in the
// backend store (no `source_id`): before every sync the backend writes them into the inventory,
// matched by name, with the same credentials (re-encrypted), so the plugin's "Sync" syncs its
// Proxmox endpoints and pushes into its NetBox. Written directly, not through the data layer,
// so that they are not pushed back to the backend as copies of their own.

type ProxmoxCopy = typeof backendProxmoxEndpoints.$inferSelect;
type NetboxCopy = typeof backendNetboxEndpoints.$inferSelect;

const plain = (stored: string | null) => (stored === null ? null : decryptSecret(stored));
const reencrypt = (stored: string | null) => {
  const value = plain(stored);
  return value === null ? null : encryptSecret(value);
};

function hostAndPort(url: string, fallbackPort: number): { host: string; port: number; https: boolean } {
  const u = new URL(url);
  return {
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port: u.port ? Number(u.port) : fallbackPort,
    https: u.protocol === 'https:',
  };
}

type InventoryProxmox = typeof proxmoxEndpoints.$inferSelect;

/** Whether the inventory row already holds `values`; sealed secrets are compared opened (each sealing differs). */
function holds(row: Record<string, unknown>, values: Record<string, unknown>, secrets: readonly string[]): boolean {
  return Object.entries(values).every(([k, v]) =>
    secrets.includes(k) ? plain(row[k] as string | null) === plain(v as string | null) : row[k] === v,
  );
}

async function linkProxmox(db: Database, copy: ProxmoxCopy, existing: InventoryProxmox | undefined): Promise<number> {
  const { host, port } = hostAndPort(copy.url, copy.port);
  const values = {
    domain: host,
    port,
    username: copy.username,
    password: reencrypt(copy.password),
    tokenName: copy.tokenName ?? '',
    tokenValue: reencrypt(copy.token),
    verifySsl: copy.verifySsl,
    caCertificate: copy.caCertificate,
    timeout: copy.timeout,
    maxRetries: copy.maxRetries,
    retryBackoff: copy.retryBackoff,
    enabled: copy.enabled,
  };
  // Called before every sync and backend read: an unchanged endpoint costs no write.
  if (existing && holds(existing, values, ['password', 'tokenValue'])) return existing.id;
  if (existing) {
    await db.update(proxmoxEndpoints).set(values).where(eq(proxmoxEndpoints.id, existing.id));
    return existing.id;
  }
  const [row] = await db
    .insert(proxmoxEndpoints)
    .values({ name: copy.name, ...values })
    .returning({ id: proxmoxEndpoints.id });
  return row.id;
}

async function linkNetbox(db: Database, copy: NetboxCopy): Promise<void> {
  const { host, port, https } = hostAndPort(copy.url, copy.port);
  const v2 = copy.tokenVersion === 'v2';
  const values = {
    domain: host,
    port,
    useHttps: https,
    verifySsl: copy.verifySsl,
    enabled: copy.enabled,
    tokenVersion: copy.tokenVersion,
    token: v2 ? null : reencrypt(copy.token),
    tokenKey: v2 ? (copy.tokenKey ?? '') : '',
    tokenSecret: v2 ? reencrypt(copy.token) : null,
  };
  const [existing] = await db.select().from(netboxEndpoints).where(eq(netboxEndpoints.name, copy.name));
  if (existing && holds(existing, values, ['token', 'tokenSecret'])) return;
  if (existing) await db.update(netboxEndpoints).set(values).where(eq(netboxEndpoints.id, existing.id));
  else await db.insert(netboxEndpoints).values({ name: copy.name, ...values });
}

/**
 * Writes the plugin-pushed endpoints into the inventory and returns, per backend endpoint id, the
 * inventory id it syncs as (a UI-saved copy: its `source_id`).
 */
export async function linkBackendEndpoints(db: Database): Promise<Map<number, number>> {
  const store = backendDb();
  const ids = new Map<number, number>();
  const copies = store.select().from(backendProxmoxEndpoints).orderBy(backendProxmoxEndpoints.id).all();
  const pushed = copies.filter((c) => c.sourceId === null).map((c) => c.name);
  const inventory = new Map(
    (pushed.length ? await db.select().from(proxmoxEndpoints).where(inArray(proxmoxEndpoints.name, pushed)) : []).map(
      (r) => [r.name, r],
    ),
  );
  for (const copy of copies) {
    ids.set(copy.id, copy.sourceId ?? (await linkProxmox(db, copy, inventory.get(copy.name))));
  }
  const netbox = store.select().from(backendNetboxEndpoints).orderBy(backendNetboxEndpoints.id).get();
  if (netbox && netbox.sourceId === null) await linkNetbox(db, netbox);
  return ids;
}

/**
 * The inventory endpoint ids of a request's `endpoint_ids` / `proxmox_endpoint_ids`: proxbox-api's
 * ids are the backend store's, so an id of a backend endpoint means that endpoint; any other id
 * is taken as an inventory id (Proxbox's own callers). 400 for an id that is neither.
 */
export async function inventoryEndpointIds(
  db: Database,
  requested: number[],
  linked: Map<number, number>,
): Promise<number[]> {
  const mapped = requested.map((id) => linked.get(id) ?? id);
  const found = new Set(
    (
      await db.select({ id: proxmoxEndpoints.id }).from(proxmoxEndpoints).where(inArray(proxmoxEndpoints.id, mapped))
    ).map((r) => r.id),
  );
  const unknown = requested.filter((id, i) => !found.has(mapped[i]));
  if (unknown.length > 0) throw detail(400, `endpoint_ids: no Proxmox endpoint with id ${unknown.join(', ')}.`);
  return [...new Set(mapped)];
}

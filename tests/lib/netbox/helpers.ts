// Shared set-up of the NetBox push tests: a database synced from the Proxmox simulator, a NetBox
// simulator, and a NetBox endpoint row pointing at it.
import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { netboxEndpoints, netboxRemoteObjects, netboxPushState, proxboxPluginSettings } from '@/db/schema';
import { encryptSecret } from '@/lib/crypto/secrets';
import { clearNetboxStatusCache } from '@/lib/netbox/endpoint';
import {
  DEFAULT_V1_TOKEN,
  DEFAULT_V2_TOKEN,
  startNetboxSimulator,
  type NetboxSimulator,
  type NetboxVersion,
} from '@/simulators/netbox';

export { DEFAULT_V1_TOKEN, DEFAULT_V2_TOKEN };

/** Writes made to the simulator since its last reset (POST/PATCH/PUT/DELETE). */
export const writesOf = (sim: NetboxSimulator) => sim.requests.filter((r) => r.method !== 'GET');

/** Starts a NetBox simulator and points a NetBox endpoint row at it (v1 token unless asked). */
export async function netboxFor(
  db: Database,
  version: NetboxVersion,
  token: 'v1' | 'v2' = 'v1',
  name = `NetBox ${version}`,
): Promise<{ sim: NetboxSimulator; endpointId: number }> {
  const sim = await startNetboxSimulator({ version });
  const url = new URL(sim.url);
  const [row] = await db
    .insert(netboxEndpoints)
    .values({
      name,
      domain: url.hostname,
      port: Number(url.port),
      useHttps: false,
      verifySsl: false,
      tokenVersion: token,
      ...(token === 'v1'
        ? { token: encryptSecret(DEFAULT_V1_TOKEN) }
        : { tokenKey: DEFAULT_V2_TOKEN.key, tokenSecret: encryptSecret(DEFAULT_V2_TOKEN.secret) }),
    })
    .returning();
  clearNetboxStatusCache();
  return { sim, endpointId: row.id };
}

/** Removes a NetBox endpoint row and what the push recorded for it. */
export async function dropNetbox(db: Database, endpointId: number): Promise<void> {
  await db.delete(netboxRemoteObjects).where(eq(netboxRemoteObjects.endpointId, endpointId));
  await db.delete(netboxPushState).where(eq(netboxPushState.endpointId, endpointId));
  await db.delete(netboxEndpoints).where(eq(netboxEndpoints.id, endpointId));
}

/** Fast retries in tests (the defaults wait a second before the first). */
export async function quickRetries(db: Database): Promise<void> {
  await db.update(proxboxPluginSettings).set({ netboxRetryDelay: 0.01 });
}

import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { proxmoxEndpoints } from '@/db/schema';
import { createRecord, updateRecord } from '@/lib/data/records';
import type { Actor } from '@/lib/data/actor';

/** What a running Proxmox API (the simulator or a real one) needs to be registered. */
export interface EndpointAccess {
  name: string;
  url: string;
  tokenId: string;
  tokenSecret: string;
}

/**
 * Registers (or refreshes) Proxmox endpoints through the data layer, so they are validated,
 * encrypted and change-logged like any user-entered endpoint. Used by the demo, tests and
 * benchmarks with the simulator.
 */
export async function registerEndpoints(
  db: Database,
  actor: Actor,
  accesses: EndpointAccess[],
  options: { verifySsl?: boolean } = {},
): Promise<number[]> {
  const ids: number[] = [];
  for (const access of accesses) {
    const url = new URL(access.url);
    const [username, tokenName] = access.tokenId.split('!');
    const input = {
      domain: url.hostname === '127.0.0.1' || url.hostname === '::1' ? 'localhost' : url.hostname,
      port: Number(url.port || 8006),
      username,
      tokenName,
      tokenValue: access.tokenSecret,
      verifySsl: options.verifySsl ?? false,
    };
    const [existing] = await db
      .select({ id: proxmoxEndpoints.id })
      .from(proxmoxEndpoints)
      .where(eq(proxmoxEndpoints.name, access.name));
    ids.push(
      existing
        ? (await updateRecord(actor, 'proxmox-endpoints', existing.id, input)).id
        : (await createRecord(actor, 'proxmox-endpoints', { name: access.name, ...input })).id,
    );
  }
  return ids;
}

import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { netboxEndpoints } from '@/db/schema';
import type { Actor } from '@/lib/data/actor';
import { createRecord, updateRecord } from '@/lib/data/records';
import { startNetboxSimulator, type NetboxSimulator } from '@/simulators/netbox';

// The demo's NetBox: the project's NetBox simulator (4.2, in memory) inside the app process on a
// fixed loopback port, so the endpoint registered for it keeps working after a restart. Its
// store starts empty on every start; the next push fills it again (objects missing in NetBox
// are created again).

export const DEMO_NETBOX_NAME = 'Demo NetBox';
const DEMO_NETBOX_VERSION = '4.2' as const;
const globalKey = Symbol.for('proxbox.demo.netbox');
type WithDemoNetbox = typeof globalThis & { [globalKey]?: Promise<NetboxSimulator> };

/** A NetBox v1 token: 40 hex characters. */
export function newDemoNetboxToken(): string {
  return randomBytes(20).toString('hex');
}

/** Starts the demo NetBox once per process on 127.0.0.1:`port`, accepting `token` (v1). */
export function demoNetbox(port: number, token: string): Promise<NetboxSimulator> {
  const g = globalThis as WithDemoNetbox;
  g[globalKey] ??= startNetboxSimulator({
    version: DEMO_NETBOX_VERSION,
    port,
    tokens: { v1: [token], v2: [] },
    latencyMs: 0,
  }).catch((error: unknown) => {
    g[globalKey] = undefined;
    throw new Error(
      `The demo NetBox could not start on port ${port}: ${error instanceof Error ? error.message : error}. Set PROXBOX_DEMO_PORT to free ports.`,
    );
  });
  return g[globalKey];
}

/** Registers (or refreshes) the demo NetBox as a NetBox endpoint through the data layer. */
export async function registerDemoNetbox(db: Database, actor: Actor, port: number, token: string): Promise<number> {
  const input = { domain: 'localhost', port, useHttps: false, verifySsl: false, tokenVersion: 'v1', token };
  const [existing] = await db
    .select({ id: netboxEndpoints.id })
    .from(netboxEndpoints)
    .where(eq(netboxEndpoints.name, DEMO_NETBOX_NAME));
  return existing
    ? (await updateRecord(actor, 'netbox-endpoints', existing.id, input)).id
    : (await createRecord(actor, 'netbox-endpoints', { name: DEMO_NETBOX_NAME, ...input })).id;
}

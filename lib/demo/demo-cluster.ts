import fs from 'node:fs';
import path from 'node:path';
import { getDatabase, dataDir } from '@/db/client';
import type { Actor } from '@/lib/data/actor';
import { startSimulator, type Simulator } from '@/lib/proxmox/simulator';
import { assertCan } from '@/lib/data/permissions';
import { startSyncJob } from '@/lib/sync/start';
import { registerEndpoints } from '@/lib/sync/register-endpoints';

// The built-in demo: the project's own Proxmox simulator, started inside the app process on
// fixed loopback ports so that its registered endpoints keep working across restarts (the estate
// and its token secrets derive from a fixed seed). A marker file remembers that it was enabled.

const DEMO_OPTIONS = { seed: 2026, clusters: 2, nodesPerCluster: 3, guests: 60, tls: true, version: '8.2' as const };
const globalKey = Symbol.for('proxbox.demo');
type WithDemo = typeof globalThis & { [globalKey]?: Promise<Simulator> };

const markerFile = () => path.join(dataDir(), 'demo.json');
const portBase = () => Number(process.env.PROXBOX_DEMO_PORT ?? 18006);

/** Starts the demo simulator once per process (listening on 127.0.0.1 only). */
export function demoSimulator(): Promise<Simulator> {
  const g = globalThis as WithDemo;
  g[globalKey] ??= startSimulator({ ...DEMO_OPTIONS, portBase: portBase() }).catch((error: unknown) => {
    g[globalKey] = undefined;
    throw new Error(`The demo cluster could not start on ports ${portBase()}–${portBase() + DEMO_OPTIONS.clusters - 1}: ${error instanceof Error ? error.message : error}. Set PROXBOX_DEMO_PORT to free ports.`);
  });
  return g[globalKey];
}

export function demoEnabled(): boolean {
  return fs.existsSync(markerFile());
}

/**
 * Starts the demo simulator, registers its clusters as Proxmox endpoints ("Demo cluster1" …)
 * and starts a first full sync in the background. Returns the endpoint ids.
 */
export async function enableDemo(actor: Actor): Promise<number[]> {
  // It registers endpoints and starts a local simulator: administrators only.
  assertCan(actor, 'admin', 'Only administrators can start the demo.');
  const sim = await demoSimulator();
  const { db } = await getDatabase();
  const ids = await registerEndpoints(db, actor, sim.clusters.map((c) => ({ ...c, name: `Demo ${c.name}` })));
  fs.mkdirSync(dataDir(), { recursive: true });
  fs.writeFileSync(markerFile(), JSON.stringify({ enabledAt: new Date().toISOString(), portBase: portBase() }));
  void startSyncJob(db, actor, { endpointIds: ids, requestedBy: actor.kind === 'user' ? actor.username : 'demo' }).catch((error: unknown) => console.error('demo sync failed:', error));
  return ids;
}

/** At start-up: brings the simulator back if the demo was enabled, or enables it for `npm run demo`. */
export async function resumeDemo(): Promise<void> {
  if (process.env.PROXBOX_DEMO === '1' && !demoEnabled()) {
    await enableDemo({ kind: 'system' });
    console.log('Proxbox demo: two simulated Proxmox clusters registered; the first sync is running.');
  } else if (demoEnabled()) await demoSimulator();
}

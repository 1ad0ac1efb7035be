import fs from 'node:fs';
import path from 'node:path';
import { getDatabase, dataDir } from '@/db/client';
import type { Actor } from '@/lib/data/actor';
import { startSimulator, type Simulator } from '@/simulators/proxmox';
import { assertCan } from '@/lib/data/permissions';
import { startSyncJob } from '@/lib/sync/jobs/start';
import { registerEndpoints } from '@/lib/sync/write/register-endpoints';
import { demoNetbox, newDemoNetboxToken, registerDemoNetbox } from './demo-netbox';

// The built-in demo: the project's own Proxmox simulator, started inside the app process on
// fixed loopback ports so that its registered endpoints keep working across restarts (the estate
// and its token secrets derive from a fixed seed), and a simulated NetBox on the next port that
// the demo sync pushes into. A marker file remembers that the demo was enabled and holds the
// NetBox token it generated (mode 0600, like the other secret files of the data directory).

const DEMO_OPTIONS = { seed: 2026, clusters: 2, nodesPerCluster: 3, guests: 60, tls: true, version: '8.2' as const };
const globalKey = Symbol.for('proxbox.demo');
type WithDemo = typeof globalThis & { [globalKey]?: Promise<Simulator> };

interface DemoMarker {
  enabledAt: string;
  portBase: number;
  /** v1 token of the demo NetBox; absent in markers written before the demo had a NetBox. */
  netboxToken?: string;
}

const markerFile = () => path.join(dataDir(), 'demo.json');
const portBase = () => Number(process.env.PROXBOX_DEMO_PORT ?? 18006);
/** The demo NetBox listens on the port after the Proxmox clusters'. */
export const demoNetboxPort = () => portBase() + DEMO_OPTIONS.clusters;

/** Starts the demo simulator once per process (listening on 127.0.0.1 only). */
export function demoSimulator(): Promise<Simulator> {
  const g = globalThis as WithDemo;
  g[globalKey] ??= startSimulator({ ...DEMO_OPTIONS, portBase: portBase() }).catch((error: unknown) => {
    g[globalKey] = undefined;
    throw new Error(
      `The demo cluster could not start on ports ${portBase()}–${portBase() + DEMO_OPTIONS.clusters - 1}: ${error instanceof Error ? error.message : error}. Set PROXBOX_DEMO_PORT to free ports.`,
    );
  });
  return g[globalKey];
}

export function demoEnabled(): boolean {
  return fs.existsSync(markerFile());
}

function readMarker(): DemoMarker | null {
  try {
    return JSON.parse(fs.readFileSync(markerFile(), 'utf8')) as DemoMarker;
  } catch {
    return null;
  }
}

/**
 * Starts the demo simulators, registers the Proxmox clusters as endpoints ("Demo cluster1" …)
 * and the simulated NetBox as a NetBox endpoint ("Demo NetBox"), and starts a first full sync in
 * the background; it ends by pushing the inventory into that NetBox. Returns the Proxmox
 * endpoint ids.
 */
export async function enableDemo(actor: Actor): Promise<number[]> {
  // It registers endpoints and starts local simulators: administrators only.
  assertCan(actor, 'admin', 'Only administrators can start the demo.');
  const netboxToken = readMarker()?.netboxToken ?? newDemoNetboxToken();
  const [sim] = await Promise.all([demoSimulator(), demoNetbox(demoNetboxPort(), netboxToken)]);
  const { db } = await getDatabase();
  const ids = await registerEndpoints(
    db,
    actor,
    sim.clusters.map((c) => ({ ...c, name: `Demo ${c.name}` })),
  );
  await registerDemoNetbox(db, actor, demoNetboxPort(), netboxToken);
  fs.mkdirSync(dataDir(), { recursive: true });
  const marker: DemoMarker = { enabledAt: new Date().toISOString(), portBase: portBase(), netboxToken };
  fs.writeFileSync(markerFile(), JSON.stringify(marker), { mode: 0o600 });
  void startSyncJob(db, actor, {
    endpointIds: ids,
    requestedBy: actor.kind === 'user' ? actor.username : 'demo',
  }).catch((error: unknown) => console.error('demo sync failed:', error));
  return ids;
}

/** At start-up: brings the simulators back if the demo was enabled, or enables it for `npm run demo`. */
export async function resumeDemo(): Promise<void> {
  if (process.env.PROXBOX_DEMO === '1' && !demoEnabled()) {
    await enableDemo({ kind: 'system' });
    console.log(
      'Proxbox demo: two simulated Proxmox clusters and a simulated NetBox registered; the first sync is running and ends by pushing into that NetBox.',
    );
  } else if (demoEnabled()) {
    const token = readMarker()?.netboxToken;
    await Promise.all([demoSimulator(), token ? demoNetbox(demoNetboxPort(), token) : null]);
  }
}

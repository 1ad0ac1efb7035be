// One simulated Proxmox cluster registered as an endpoint on a fresh test database, and the
// reads the settings tests share: change the settings, sync, look at a VM and at tags.
import { afterAll, beforeAll } from 'vitest';
import { and, eq } from 'drizzle-orm';
import * as schema from '@/db/schema';
import type { Database } from '@/db/client';
import { updateRecord } from '@/lib/data/records';
import { ensureSettings } from '@/lib/bootstrap/settings';
import { registerEndpoints } from '@/lib/sync/write/register-endpoints';
import { runSync } from '@/lib/sync/engine';
import { startSimulator, type Simulator } from '@/simulators/proxmox';
import { closeTestDatabase, openTestDatabase } from '../../../helpers/db';

export const system = { kind: 'system' } as const;

export interface SettingsEstate {
  readonly db: Database;
  readonly sim: Simulator;
  readonly endpointId: number;
  /** Updates the settings as an administrator would. */
  settings(values: Record<string, unknown>): Promise<void>;
  /** Syncs every enabled endpoint (the given stages, else all). */
  sync(stages?: Parameters<typeof runSync>[1]['stages']): ReturnType<typeof runSync>;
  /** The endpoint's VM of `vmid`. */
  vmOf(vmid: number): Promise<typeof schema.virtualMachines.$inferSelect>;
  /** The names of an object's tags, sorted. */
  tagsOf(objectType: string, objectId: number): Promise<string[]>;
}

/** Registers the suite's beforeAll/afterAll; the fields are readable inside tests. */
export function settingsEstate(options: { seed: number; guests: number }): SettingsEstate {
  let db: Database | null = null;
  let sim: Simulator | null = null;
  let endpointId: number | null = null;
  beforeAll(async () => {
    db = (await openTestDatabase()).db;
    sim = await startSimulator({
      seed: options.seed,
      clusters: 1,
      nodesPerCluster: 2,
      guests: options.guests,
      tls: true,
    });
    [endpointId] = await registerEndpoints(db, system, sim.clusters);
  }, 120_000);
  afterAll(async () => {
    await sim?.stop();
    await closeTestDatabase();
  });
  const ready = <T>(value: T | null): T => {
    if (value === null) throw new Error('the settings estate is read before its beforeAll ran');
    return value;
  };
  const estate: SettingsEstate = {
    get db() {
      return ready(db);
    },
    get sim() {
      return ready(sim);
    },
    get endpointId() {
      return ready(endpointId);
    },
    async settings(values) {
      await ensureSettings(estate.db);
      const [row] = await estate.db.select({ id: schema.proxboxPluginSettings.id }).from(schema.proxboxPluginSettings);
      await updateRecord(system, 'settings', row.id, values);
    },
    sync: (stages) => runSync(estate.db, { requestedBy: 'test', stages }),
    async vmOf(vmid) {
      const [vm] = await estate.db
        .select()
        .from(schema.virtualMachines)
        .where(
          and(eq(schema.virtualMachines.proxmoxEndpointId, estate.endpointId), eq(schema.virtualMachines.vmid, vmid)),
        );
      return vm;
    },
    async tagsOf(objectType, objectId) {
      const rows = await estate.db
        .select({ name: schema.tags.name })
        .from(schema.taggedItems)
        .innerJoin(schema.tags, eq(schema.tags.id, schema.taggedItems.tagId))
        .where(and(eq(schema.taggedItems.objectType, objectType), eq(schema.taggedItems.objectId, objectId)));
      return rows.map((r) => r.name).sort();
    },
  };
  return estate;
}

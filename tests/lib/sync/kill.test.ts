import { spawn } from 'node:child_process';
import readline from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import * as schema from '@/db/schema';
import type { DatabaseHandle } from '@/db/client';
import { runSync } from '@/lib/sync/engine';
import { markInterruptedRuns } from '@/lib/sync/jobs/run-store';
import { registerEndpoints } from '@/lib/sync/write/register-endpoints';
import { startSimulator, type Simulator } from '@/simulators/proxmox';
import { closeTestDatabase, openTestDatabase } from '../../helpers/db';

// Two processes need one database: this runs on PostgreSQL only (the embedded one is in-process).
const url = process.env.TEST_DATABASE_URL;
let handle: DatabaseHandle;
let sim: Simulator;

beforeAll(async () => {
  if (!url) return;
  handle = await openTestDatabase();
  sim = await startSimulator({ seed: 5, clusters: 1, nodesPerCluster: 2, guests: 40, tls: true, latencyMs: 15 });
  await registerEndpoints(handle.db, { kind: 'system' }, sim.clusters);
}, 120_000);
afterAll(async () => {
  await sim?.stop();
  if (url) await closeTestDatabase();
});

describe.skipIf(!url)('a sync killed mid-run (postgresql)', () => {
  it('leaves committed stages consistent, is marked interrupted, and the next run repairs the rest', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/lib/sync/helpers/sync-child.ts', url!], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      readline
        .createInterface({ input: child.stdout! })
        .on('line', (line) => line === 'stage virtual-machines' && resolve());
      child.once('exit', () => reject(new Error('the sync finished before it could be killed')));
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));

    const [running] = await handle.db.select().from(schema.syncJobs).where(eq(schema.syncJobs.requestedBy, 'doomed'));
    expect(running.status).toBe('running');
    process.env.PROXBOX_SYNC_STALE_MS = '1';
    try {
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await markInterruptedRuns(handle.db)).toBe(1);
    } finally {
      delete process.env.PROXBOX_SYNC_STALE_MS;
    }
    const [after] = await handle.db.select().from(schema.syncJobs).where(eq(schema.syncJobs.id, running.id));
    expect(after.status).toBe('interrupted');
    // Committed stages are whole: every synced VM has its cluster, node device and identity.
    const broken = await handle.db.execute(
      sql`select count(*)::int as n from virtual_machines where proxmox_endpoint_id is not null and (cluster_id is null or device_id is null or vmid is null)`,
    );
    expect((broken as unknown as { rows: { n: number }[] }).rows[0].n).toBe(0);

    const repair = await runSync(handle.db, { requestedBy: 'test' });
    expect(repair.status).toBe('completed');
    const vms = await handle.db.select().from(schema.virtualMachines);
    expect(vms).toHaveLength(sim.estate.clusters[0].guests.length);
    const disks = await handle.db.select().from(schema.virtualDisks);
    expect(disks.length).toBeGreaterThan(0);
  }, 120_000);
});

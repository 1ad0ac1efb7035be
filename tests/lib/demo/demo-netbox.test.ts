import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { dataDir } from '@/db/client';
import { netboxEndpoints, netboxRemoteObjects, syncJobs } from '@/db/schema';
import { demoNetboxPort, enableDemo } from '@/lib/demo/demo-cluster';
import { demoNetbox } from '@/lib/demo/demo-netbox';
import { DEMO_FIRST_PUSH_CREATES, DEMO_FIRST_PUSH_TOTAL } from '../../fixtures/demo-netbox-push';
import { closeTestDatabase, openTestDatabase, testDriver } from '../../helpers/db';

const system = { kind: 'system' } as const;
let handle: DatabaseHandle;

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Three adjacent free loopback ports (the demo's two clusters and its NetBox). */
async function freeRun(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    if (port < 65_533 && (await portIsFree(port + 1)) && (await portIsFree(port + 2))) return port;
  }
  throw new Error('no three adjacent free ports');
}

async function waitForJob(id: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [job] = await handle.db.select().from(syncJobs).where(eq(syncJobs.id, id));
    if (job && !['queued', 'running'].includes(job.status)) return job;
    if (Date.now() > deadline) throw new Error(`job ${id} still ${job?.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

beforeAll(async () => {
  handle = await openTestDatabase();
  process.env.PROXBOX_DEMO_PORT = String(await freeRun());
});
afterAll(async () => {
  await (await demoNetbox(demoNetboxPort(), 'unused')).stop();
  await closeTestDatabase();
});

describe(`demo NetBox (${testDriver})`, () => {
  it('registers a simulated NetBox with a generated token kept only in the 0600 marker, and the demo sync ends by pushing the estate into it', async () => {
    await enableDemo(system);
    const marker = path.join(dataDir(), 'demo.json');
    expect(fs.statSync(marker).mode & 0o777).toBe(0o600);
    const { netboxToken } = JSON.parse(fs.readFileSync(marker, 'utf8')) as { netboxToken: string };
    expect(netboxToken).toMatch(/^[0-9a-f]{40}$/);

    const [endpoint] = await handle.db.select().from(netboxEndpoints).where(eq(netboxEndpoints.name, 'Demo NetBox'));
    expect(endpoint).toMatchObject({
      domain: 'localhost',
      port: demoNetboxPort(),
      useHttps: false,
      tokenVersion: 'v1',
      enabled: true,
    });
    expect(endpoint.token).not.toContain(netboxToken);

    // The sync is started in the background: wait for its job to be recorded.
    let [job] = await handle.db.select().from(syncJobs);
    for (let i = 0; !job && i < 100; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      [job] = await handle.db.select().from(syncJobs);
    }
    expect(job.stages.at(-1)).toBe('netbox-push');
    const done = await waitForJob(job.id, 120_000);
    expect(done.status).toBe('completed');
    const sim = await demoNetbox(demoNetboxPort(), netboxToken);
    expect(sim.store.list('virtualization/virtual-machines')).toHaveLength(60);
    expect(sim.store.list('dcim/devices')).toHaveLength(6);
    expect(sim.store.list('virtualization/clusters')).toHaveLength(2);
    const owned = await handle.db
      .select()
      .from(netboxRemoteObjects)
      .where(eq(netboxRemoteObjects.endpointId, endpoint.id));
    expect(owned.filter((o) => o.remoteType === 'virtualization/virtual-machines')).toHaveLength(60);
    const created = Object.fromEntries(
      Object.entries(done.summary['netbox-push']?.types ?? {})
        .filter(([, c]) => c.created > 0)
        .map(([type, c]) => [type, c.created]),
    );
    expect(created).toEqual(DEMO_FIRST_PUSH_CREATES);
    expect(done.summary['netbox-push']).toMatchObject({
      created: DEMO_FIRST_PUSH_TOTAL,
      updated: 0,
      deleted: 0,
      failed: 0,
    });
    const ownedPerType: Record<string, number> = {};
    for (const o of owned) ownedPerType[o.remoteType] = (ownedPerType[o.remoteType] ?? 0) + 1;
    expect(ownedPerType).toEqual(DEMO_FIRST_PUSH_CREATES);
  });
});

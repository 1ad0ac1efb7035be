import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { syncJobs, virtualMachines } from '@/db/schema';
import { POST } from '@/app/api/plugins/proxbox/sync/route';
import { registerEndpoints } from '@/lib/sync/write/register-endpoints';
import { runSync } from '@/lib/sync/engine';
import { createRecord } from '@/lib/data/records';
import { startSimulator, type Simulator } from '@/simulators/proxmox';
import { testDriver } from '../../helpers/db';
import { ORIGIN, setupApi, system, teardownApi, type ApiEnv } from './helpers';

// POST /api/plugins/proxbox/sync/ with `object`: one object's run, validated strictly, refused
// (with nothing queued) when the object does not exist or was not synced from Proxmox.

let env: ApiEnv;
let sim: Simulator;
let endpointIds: number[];

beforeAll(async () => {
  env = await setupApi();
  sim = await startSimulator({ seed: 9, clusters: 1, nodesPerCluster: 2, guests: 6, tls: true });
  endpointIds = await registerEndpoints(env.db.db, system, sim.clusters);
  expect((await runSync(env.db.db, { requestedBy: 'test' })).status).toBe('completed');
}, 60_000);
afterAll(async () => {
  await sim?.stop();
  await teardownApi(env);
});

const post = (body: unknown, key: string | null = env.key) =>
  POST(
    new Request(`${ORIGIN}/api/plugins/proxbox/sync/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Token ${key}` } : {}) },
      body: JSON.stringify(body),
    }),
  );

async function jobCount(): Promise<number> {
  const [{ n }] = await env.db.db.select({ n: count() }).from(syncJobs);
  return Number(n);
}

async function finished(id: number): Promise<string> {
  for (let i = 0; i < 400; i++) {
    const [job] = await env.db.db.select().from(syncJobs).where(eq(syncJobs.id, id));
    if (job.status !== 'running' && job.status !== 'queued') return job.status;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the run did not finish');
}

describe(`POST /api/plugins/proxbox/sync/ with an object on ${testDriver}`, () => {
  it('starts a run of that object only: its endpoint and the VM stages', async () => {
    const [vm] = await env.db.db
      .select()
      .from(virtualMachines)
      .where(eq(virtualMachines.proxmoxEndpointId, endpointIds[0]))
      .limit(1);
    const res = await post({ object: { type: 'virtual-machines', id: vm.id } });
    expect(res.status).toBe(202);
    const job = (await res.json()) as { id: number; stages: string[] };
    expect(job.stages).toEqual([
      'virtual-machines',
      'task-history',
      'vm-disks',
      'vm-backups',
      'vm-snapshots',
      'vm-interfaces',
      'ip-addresses',
    ]);
    expect(await finished(job.id)).toBe('completed');
    const [row] = await env.db.db.select().from(syncJobs).where(eq(syncJobs.id, job.id));
    expect(row).toMatchObject({
      kind: 'object',
      objectType: 'virtual-machines',
      objectId: vm.id,
      endpointIds: [endpointIds[0]],
    });
  }, 60_000);

  it('validates the object strictly and queues nothing for a bad one', async () => {
    const before = await jobCount();
    const cases: [unknown, Record<string, string[]>][] = [
      [
        { object: { type: 'backups', id: 1 } },
        {
          object: [
            'Invalid option: expected one of "virtual-machines"|"proxmox-nodes"|"devices"|"proxmox-clusters"|"clusters"|"storage"',
          ],
        },
      ],
      [{ object: { type: 'virtual-machines', id: 0 } }, { object: ['Too small: expected number to be >0'] }],
      [{ object: { type: 'virtual-machines', id: 1, extra: true } }, { object: ['Unrecognized key: "extra"'] }],
      [
        { object: { type: 'virtual-machines', id: 1 }, stages: ['devices'] },
        {
          object: [
            'Give either an object or endpoints and stages, not both: an object decides its own endpoint and stages.',
          ],
        },
      ],
      [
        { object: { type: 'virtual-machines', id: 987654 } },
        { object: ['Virtual machine #987654 does not exist (it may have been deleted).'] },
      ],
    ];
    for (const [body, errors] of cases) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(await res.json()).toEqual(errors);
    }
    const [cluster] = await env.db.db.select().from(virtualMachines).limit(1);
    const manual = await createRecord(system, 'virtual-machines', {
      name: 'typed-by-hand',
      clusterId: cluster.clusterId,
      status: 'active',
    });
    const res = await post({ object: { type: 'virtual-machines', id: manual.id } });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      object: ['Virtual machine "typed-by-hand" does not come from a Proxmox endpoint, so there is nothing to sync.'],
    });
    expect((await post({ object: { type: 'virtual-machines', id: manual.id } }, env.readOnlyKey)).status).toBe(403);
    expect(await jobCount()).toBe(before);
  });
});

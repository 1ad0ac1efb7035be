import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import { proxmoxNodes, syncJobs, virtualMachines } from '@/db/schema';
import { STAGE_PATHS } from '@/lib/backend/stage-sync';
import { dispatchBackend, loadBackendRoutes } from '@/lib/backend/server';
import { registerEndpoints } from '@/lib/sync/write/register-endpoints';
import { runSync } from '@/lib/sync/engine';
import type { ProxmoxStageName as StageName } from '@/lib/sync/types';
import { startSimulator, type Simulator } from '@/simulators/proxmox';
import { testDriver } from '../../helpers/db';
import { setupApi, system, teardownApi, type ApiEnv } from '../api/helpers';
import * as r0 from '@/app/api/backend/dcim/devices/create/route';
import * as r1 from '@/app/api/backend/dcim/devices/create/stream/route';
import * as r2 from '@/app/api/backend/virtualization/virtual-machines/storage/create/route';
import * as r3 from '@/app/api/backend/virtualization/virtual-machines/storage/create/stream/route';
import * as r4 from '@/app/api/backend/virtualization/virtual-machines/create/route';
import * as r5 from '@/app/api/backend/virtualization/virtual-machines/create/stream/route';
import * as r6 from '@/app/api/backend/virtualization/virtual-machines/task-history/create/route';
import * as r7 from '@/app/api/backend/virtualization/virtual-machines/task-history/create/stream/route';
import * as r8 from '@/app/api/backend/virtualization/virtual-machines/virtual-disks/create/route';
import * as r9 from '@/app/api/backend/virtualization/virtual-machines/virtual-disks/create/stream/route';
import * as r10 from '@/app/api/backend/virtualization/virtual-machines/backups/all/create/route';
import * as r11 from '@/app/api/backend/virtualization/virtual-machines/backups/all/create/stream/route';
import * as r12 from '@/app/api/backend/virtualization/virtual-machines/snapshots/all/create/route';
import * as r13 from '@/app/api/backend/virtualization/virtual-machines/snapshots/all/create/stream/route';
import * as r14 from '@/app/api/backend/dcim/devices/interfaces/create/route';
import * as r15 from '@/app/api/backend/dcim/devices/interfaces/create/stream/route';
import * as r16 from '@/app/api/backend/virtualization/virtual-machines/interfaces/create/route';
import * as r17 from '@/app/api/backend/virtualization/virtual-machines/interfaces/create/stream/route';
import * as r18 from '@/app/api/backend/virtualization/virtual-machines/interfaces/ip-address/create/route';
import * as r19 from '@/app/api/backend/virtualization/virtual-machines/interfaces/ip-address/create/stream/route';
import * as r20 from '@/app/api/backend/proxmox/replication/route';
import * as r21 from '@/app/api/backend/proxmox/replication/stream/route';
import * as r22 from '@/app/api/backend/proxmox/cluster/backup/route';
import * as r23 from '@/app/api/backend/proxmox/cluster/backup/stream/route';
import * as r24 from '@/app/api/backend/virtualization/virtual-machines/[id]/create/route';
import * as r25 from '@/app/api/backend/virtualization/virtual-machines/[id]/create/stream/route';
import * as r26 from '@/app/api/backend/sync/[type]/[id]/route';
import * as r27 from '@/app/api/backend/sync/[type]/[id]/stream/route';

// The seed's per-stage sync routes (and their /stream variants) and the per-object ones: a
// read-write key starts a job of exactly that stage or object; no key or a read-only key starts
// nothing; the stream ends with exactly one `complete`.

let env: ApiEnv;
let sim: Simulator;
let endpointId: number;

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

const ROUTES: Record<string, Record<string, unknown>> = {
  'dcim/devices/create': r0,
  'dcim/devices/create/stream': r1,
  'virtualization/virtual-machines/storage/create': r2,
  'virtualization/virtual-machines/storage/create/stream': r3,
  'virtualization/virtual-machines/create': r4,
  'virtualization/virtual-machines/create/stream': r5,
  'virtualization/virtual-machines/task-history/create': r6,
  'virtualization/virtual-machines/task-history/create/stream': r7,
  'virtualization/virtual-machines/virtual-disks/create': r8,
  'virtualization/virtual-machines/virtual-disks/create/stream': r9,
  'virtualization/virtual-machines/backups/all/create': r10,
  'virtualization/virtual-machines/backups/all/create/stream': r11,
  'virtualization/virtual-machines/snapshots/all/create': r12,
  'virtualization/virtual-machines/snapshots/all/create/stream': r13,
  'dcim/devices/interfaces/create': r14,
  'dcim/devices/interfaces/create/stream': r15,
  'virtualization/virtual-machines/interfaces/create': r16,
  'virtualization/virtual-machines/interfaces/create/stream': r17,
  'virtualization/virtual-machines/interfaces/ip-address/create': r18,
  'virtualization/virtual-machines/interfaces/ip-address/create/stream': r19,
  'proxmox/replication': r20,
  'proxmox/replication/stream': r21,
  'proxmox/cluster/backup': r22,
  'proxmox/cluster/backup/stream': r23,
  'virtualization/virtual-machines/[id]/create': r24,
  'virtualization/virtual-machines/[id]/create/stream': r25,
  'sync/[type]/[id]': r26,
  'sync/[type]/[id]/stream': r27,
};

/** Calls `method /api/backend/<route>` through its route file, with the dynamic segments as params. */
async function call(
  method: 'GET' | 'POST',
  route: string,
  options: { key?: string | null; query?: string; params?: Record<string, string> } = {},
): Promise<Response> {
  const mod = ROUTES[route] as Record<string, Handler> | undefined;
  if (!mod) throw new Error(`no route file for ${route}`);
  const path = Object.entries(options.params ?? {}).reduce((p, [k, v]) => p.replace(`[${k}]`, v), route);
  const headers = new Headers(options.key ? { 'x-proxbox-api-key': options.key } : {});
  const req = new Request(`http://proxbox.test/api/backend/${path}${options.query ?? ''}`, { method, headers });
  return mod[method](req, { params: Promise.resolve(options.params ?? {}) });
}

async function jobCount(): Promise<number> {
  const [{ n }] = await env.db.db.select({ n: count() }).from(syncJobs);
  return Number(n);
}

async function finished(id: number) {
  for (let i = 0; i < 600; i++) {
    const [job] = await env.db.db.select().from(syncJobs).where(eq(syncJobs.id, id));
    if (job.status !== 'running' && job.status !== 'queued') return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`sync job ${id} did not finish`);
}

/** `event:` names of an SSE text, in order (keepalive comments skipped). */
function eventFrames(text: string): { event: string; data: Record<string, unknown> }[] {
  return text
    .split('\n\n')
    .map((frame) => ({ event: /^event: (.+)$/m.exec(frame)?.[1], data: /^data: (.+)$/m.exec(frame)?.[1] }))
    .filter((f): f is { event: string; data: string } => Boolean(f.event && f.data))
    .map((f) => ({ event: f.event, data: JSON.parse(f.data) as Record<string, unknown> }));
}

const STAGES = Object.keys(STAGE_PATHS) as StageName[];

beforeAll(async () => {
  env = await setupApi();
  sim = await startSimulator({ seed: 5, clusters: 1, nodesPerCluster: 2, guests: 8, tls: true, latencyMs: 20 });
  [endpointId] = await registerEndpoints(env.db.db, system, sim.clusters);
  expect((await runSync(env.db.db, { requestedBy: 'test' })).status).toBe('completed');
}, 120_000);

afterAll(async () => {
  await sim?.stop();
  await teardownApi(env);
});

describe(`backend stage and object sync routes (${testDriver})`, () => {
  it('serves the seed’s path of each of the twelve stages, through the standalone dispatcher, and each starts its own stage', async () => {
    // The plugin calls these paths (the contract), written out here independently of STAGE_PATHS.
    const seedPaths: [StageName, string][] = [
      ['devices', 'dcim/devices/create'],
      ['storage', 'virtualization/virtual-machines/storage/create'],
      ['virtual-machines', 'virtualization/virtual-machines/create'],
      ['task-history', 'virtualization/virtual-machines/task-history/create'],
      ['vm-disks', 'virtualization/virtual-machines/virtual-disks/create'],
      ['vm-backups', 'virtualization/virtual-machines/backups/all/create'],
      ['vm-snapshots', 'virtualization/virtual-machines/snapshots/all/create'],
      ['network-interfaces', 'dcim/devices/interfaces/create'],
      ['vm-interfaces', 'virtualization/virtual-machines/interfaces/create'],
      ['ip-addresses', 'virtualization/virtual-machines/interfaces/ip-address/create'],
      ['replications', 'proxmox/replication'],
      ['backup-routines', 'proxmox/cluster/backup'],
    ];
    expect(seedPaths.map(([stage]) => stage).sort()).toEqual([...STAGES].sort());
    const routes = await loadBackendRoutes();
    for (const [stage, seedPath] of seedPaths) {
      const res = await dispatchBackend(
        routes,
        new Request(`http://proxbox.test/api/backend/${seedPath}?endpoint_ids=${endpointId}`, {
          method: 'POST',
          headers: { 'x-proxbox-api-key': env.key },
        }),
      );
      expect(res.status, seedPath).toBe(202);
      const job = await finished(((await res.json()) as { job_id: number }).job_id);
      expect(job, seedPath).toMatchObject({ status: 'completed', kind: 'stage', stages: [stage] });
    }
  }, 120_000);

  it('every route needs a key (401) and an operator or admin one (403 for viewer keys), and then starts nothing', async () => {
    const before = await jobCount();
    const routes = [
      ...STAGES.flatMap((s) => [STAGE_PATHS[s], `${STAGE_PATHS[s]}/stream`]),
      'virtualization/virtual-machines/[id]/create',
      'virtualization/virtual-machines/[id]/create/stream',
      'sync/[type]/[id]',
      'sync/[type]/[id]/stream',
    ];
    const params = { id: '1', type: 'virtual-machines' };
    for (const route of routes) {
      for (const method of ['GET', 'POST'] as const) {
        const anonymous = await call(method, route, { params });
        expect(anonymous.status, `${method} ${route}`).toBe(401);
        expect(((await anonymous.json()) as { detail: string }).detail).toBe(
          'Authentication credentials were not provided. Send your API key in the X-Proxbox-API-Key header.',
        );
        const readOnly = await call(method, route, { key: env.readOnlyKey, params });
        expect(readOnly.status, `${method} ${route}`).toBe(403);
        expect(((await readOnly.json()) as { detail: string }).detail).toBe(
          "This API key's role (viewer) cannot perform this action.",
        );
      }
    }
    expect(await jobCount()).toBe(before);
  }, 60_000);

  it('each stage route starts a job of that stage only and answers 202 with it', async () => {
    for (const stage of STAGES) {
      const res = await call(stage === 'devices' ? 'POST' : 'GET', STAGE_PATHS[stage], {
        key: env.key,
        query: `?endpoint_ids=${endpointId}`,
      });
      expect(res.status, stage).toBe(202);
      const body = (await res.json()) as { job_id: number; status_url: string; stream_url: string };
      expect(body).toEqual({
        job_id: body.job_id,
        status_url: `/api/plugins/proxbox/sync-jobs/${body.job_id}/`,
        stream_url: `/api/plugins/proxbox/sync-jobs/${body.job_id}/stream/`,
      });
      expect(res.headers.get('x-proxbox-job-id')).toBe(String(body.job_id));
      const job = await finished(body.job_id);
      expect(job, stage).toMatchObject({
        status: 'completed',
        kind: 'stage',
        stages: [stage],
        endpointIds: [endpointId],
      });
      expect(job.requestedBy).toMatch(/^backend:api-key:/);
    }
  }, 120_000);

  it('each /stream route streams its stage’s events, ending with exactly one complete', async () => {
    for (const stage of STAGES) {
      const res = await call('GET', `${STAGE_PATHS[stage]}/stream`, { key: env.key });
      expect(res.status, stage).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      const frames = eventFrames(await res.text());
      expect(
        frames.filter((f) => f.event === 'complete'),
        stage,
      ).toHaveLength(1);
      expect(frames.at(-1)).toMatchObject({ event: 'complete', data: { ok: true, result: { status: 'completed' } } });
      expect(frames.filter((f) => f.event === 'phase_summary').map((f) => f.data.phase)).toEqual([stage]);
      await finished(Number(res.headers.get('x-proxbox-job-id')));
    }
  }, 120_000);

  it('refuses a second run of a busy endpoint with 409, and bad endpoint_ids with 400, starting nothing', async () => {
    const first = await call('GET', STAGE_PATHS['virtual-machines'], { key: env.key });
    expect(first.status).toBe(202);
    const before = await jobCount();
    const busy = await call('GET', STAGE_PATHS['vm-disks'], { key: env.key });
    expect(busy.status).toBe(409);
    expect(((await busy.json()) as { detail: string }).detail).toMatch(/already/);
    await finished(((await first.json()) as { job_id: number }).job_id);
    const bad = await call('GET', STAGE_PATHS.storage, { key: env.key, query: '?endpoint_ids=1,x' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      detail:
        'endpoint_ids: "x" is not a Proxmox endpoint id (a comma-separated list of positive integers is expected).',
    });
    const unknown = await call('GET', STAGE_PATHS.storage, { key: env.key, query: '?proxmox_endpoint_ids=424242' });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toEqual({ detail: 'endpoint_ids: no Proxmox endpoint with id 424242.' });
    expect(await jobCount()).toBe(before);
  }, 60_000);

  it('syncs one VM through the seed’s per-VM route, and a node through /sync/{type}/{id}/stream', async () => {
    const [vm] = await env.db.db
      .select()
      .from(virtualMachines)
      .where(eq(virtualMachines.proxmoxEndpointId, endpointId))
      .limit(1);
    const res = await call('POST', 'virtualization/virtual-machines/[id]/create', {
      key: env.key,
      params: { id: String(vm.id) },
    });
    expect(res.status).toBe(202);
    const job = await finished(((await res.json()) as { job_id: number }).job_id);
    expect(job).toMatchObject({
      status: 'completed',
      kind: 'object',
      objectType: 'virtual-machines',
      objectId: vm.id,
      endpointIds: [endpointId],
      stages: [
        'virtual-machines',
        'task-history',
        'vm-disks',
        'vm-backups',
        'vm-snapshots',
        'vm-interfaces',
        'ip-addresses',
      ],
    });

    const [node] = await env.db.db
      .select()
      .from(proxmoxNodes)
      .where(and(eq(proxmoxNodes.proxmoxEndpointId, endpointId)))
      .limit(1);
    const stream = await call('GET', 'sync/[type]/[id]/stream', {
      key: env.key,
      params: { type: 'proxmox-nodes', id: String(node.id) },
    });
    expect(stream.status).toBe(200);
    const frames = eventFrames(await stream.text());
    expect(frames.filter((f) => f.event === 'complete')).toHaveLength(1);
    expect(frames[0]).toMatchObject({
      event: 'step',
      data: {
        step: 'sync',
        message: `Sync of node ${node.name}: devices, virtual-machines, task-history, vm-disks, vm-backups, vm-snapshots, network-interfaces, vm-interfaces, ip-addresses`,
      },
    });
    await finished(Number(stream.headers.get('x-proxbox-job-id')));
  }, 60_000);

  it('is dispatched like Next by the standalone backend: a stage path is not taken for a VM id', async () => {
    const routes = await loadBackendRoutes();
    for (const stage of ['storage', 'virtual-machines', 'vm-disks'] as const) {
      const res = await dispatchBackend(
        routes,
        new Request(`http://proxbox.test/api/backend/${STAGE_PATHS[stage]}`, {
          method: 'POST',
          headers: { 'x-proxbox-api-key': env.key },
        }),
      );
      expect(res.status, stage).toBe(202);
      const job = await finished(((await res.json()) as { job_id: number }).job_id);
      expect(job.stages).toEqual([stage]);
    }
  }, 60_000);

  it('answers 404 for an unknown object or type and 400 for one Proxbox did not sync, before any job exists', async () => {
    const before = await jobCount();
    const missing = await call('POST', 'sync/[type]/[id]', {
      key: env.key,
      params: { type: 'virtual-machines', id: '987654' },
    });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      detail: 'Virtual machine #987654 does not exist (it may have been deleted).',
    });
    const badType = await call('POST', 'sync/[type]/[id]', { key: env.key, params: { type: 'backups', id: '1' } });
    expect(badType.status).toBe(404);
    expect(await badType.json()).toEqual({ detail: 'Objects of type "backups" cannot be synced on their own.' });
    const badId = await call('POST', 'virtualization/virtual-machines/[id]/create', {
      key: env.key,
      params: { id: 'abc' },
    });
    expect(badId.status).toBe(404);
    expect(await jobCount()).toBe(before);
  });
});

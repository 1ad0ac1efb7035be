import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { runSync } from '@/lib/sync/engine';
import { sseResponse } from '@/lib/http/sse-response';
import { syncEventStream } from '@/lib/sync/jobs/event-stream';
import { registerEndpoints } from '@/lib/sync/write/register-endpoints';
import { startSimulator, type Simulator } from '@/simulators/proxmox';
import { GET } from '@/app/api/plugins/proxbox/sync-jobs/[id]/stream/route';
import { closeTestDatabase, openTestDatabase, testDriver } from '../../helpers/db';
import { contractProblems } from '../backend/compat/sse-contract';

let handle: DatabaseHandle;
let sim: Simulator;

beforeAll(async () => {
  handle = await openTestDatabase();
  sim = await startSimulator({ seed: 3, clusters: 1, nodesPerCluster: 2, guests: 25, tls: true });
  await registerEndpoints(handle.db, { kind: 'system' }, sim.clusters);
}, 60_000);
afterAll(async () => {
  await sim?.stop();
  await closeTestDatabase();
});

function parseSse(text: string): { event: string; data: Record<string, unknown> }[] {
  return text
    .split('\n\n')
    .filter((block) => block.includes('data: '))
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)![1];
      return { event, data: JSON.parse(/^data: (.*)$/m.exec(block)![1]) as Record<string, unknown> };
    });
}

describe(`sync event stream (${testDriver})`, () => {
  it('replays a run in the contract vocabulary with exactly one complete, and ends', async () => {
    sim.faults.nodeOffline(0, sim.estate.clusters[0].nodes[1].name, true);
    const outcome = await runSync(handle.db, { requestedBy: 'test' });
    const text = await new Response(syncEventStream(handle.db, outcome.jobId, new AbortController().signal)).text();
    const events = parseSse(text);
    expect(events.length).toBeGreaterThan(12);
    for (const { event, data } of events) expect(contractProblems(event, data), JSON.stringify(data)).toEqual([]);
    expect(events.filter((e) => e.event === 'complete')).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({
      event: 'complete',
      data: { ok: false, result: { status: 'completed_with_errors' } },
    });
    expect(events.filter((e) => e.event === 'phase_summary').map((e) => e.data.phase)).toEqual([
      'devices',
      'storage',
      'virtual-machines',
      'task-history',
      'vm-disks',
      'vm-backups',
      'vm-snapshots',
      'network-interfaces',
      'vm-interfaces',
      'ip-addresses',
      'replications',
      'backup-routines',
    ]);
    expect(events.some((e) => e.event === 'substep' && (e.data.result as { percent: number }).percent === 100)).toBe(
      true,
    );
    expect(events.some((e) => e.event === 'item_progress' && e.data.operation === 'created')).toBe(true);
    expect(events.some((e) => e.event === 'item_progress' && e.data.operation === 'failed')).toBe(true);
    const detail = events.find((e) => e.event === 'error_detail')!;
    expect(detail.data).toMatchObject({ category: 'connection' });
    expect(String(detail.data.suggestion).length).toBeGreaterThan(10);
  }, 60_000);

  it('answers streams with headers that keep them unbuffered and uncached, plus the ones given', () => {
    const res = sseResponse(new ReadableStream(), { 'X-Proxbox-Job-Id': '7' });
    expect(Object.fromEntries(res.headers)).toEqual({
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'x-proxbox-job-id': '7',
    });
  });

  it('requires credentials on the HTTP route', async () => {
    const anonymous = await GET(new Request('http://localhost/api/plugins/proxbox/sync-jobs/1/stream/'), {
      params: Promise.resolve({ id: '1' }),
    });
    expect(anonymous.status).toBe(403);
    expect(await anonymous.json()).toEqual({ detail: 'Authentication credentials were not provided.' });
  });
});

// GET /metrics: Prometheus text for any API key, scraped after real syncs against the simulator,
// with exact counter values; and the exposition format itself.
import { systemActor } from '@/lib/data/actor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as schema from '@/db/schema';
import { openBackendStore, type BackendHandle } from '@/db/backend/client';
import type { DatabaseHandle } from '@/db/client';
import { createApiKey, setBackendStoreForTests } from '@/lib/auth/api-keys';
import { renderFamilies } from '@/lib/metrics/exposition';
import { Counter, Histogram, resetProcessMetrics, routeLabel } from '@/lib/metrics/registry';
import { registerEndpoints } from '@/lib/sync/write/register-endpoints';
import { runSync, type SyncOutcome } from '@/lib/sync/engine';
import { startSimulator, type Simulator } from '@/simulators/proxmox';
import { GET as metricsGet } from '@/app/metrics/route';
import { GET as statusGet } from '@/app/api/status/route';
import { closeTestDatabase, openTestDatabase, testDriver } from '../../helpers/db';

let handle: DatabaseHandle;
let store: BackendHandle;
let sim: Simulator;
let key: string;
const system = { kind: 'system' } as const;
const outcomes: SyncOutcome[] = [];

beforeAll(async () => {
  handle = await openTestDatabase();
  store = openBackendStore(':memory:');
  setBackendStoreForTests(store);
  key = (await createApiKey(systemActor, { description: 'prometheus', role: 'viewer' })).key;
  resetProcessMetrics();
  sim = await startSimulator({ seed: 4, clusters: 1, nodesPerCluster: 2, guests: 8, tls: true });
  await registerEndpoints(handle.db, system, sim.clusters);
  outcomes.push(await runSync(handle.db, { requestedBy: 'test' }));
  outcomes.push(await runSync(handle.db, { requestedBy: 'test', stages: ['devices'] }));
  sim.faults.authFailure(0, true);
  outcomes.push(await runSync(handle.db, { requestedBy: 'test' }));
  sim.faults.authFailure(0, false);
}, 120_000);

afterAll(async () => {
  await sim?.stop();
  setBackendStoreForTests(null);
  store?.close();
  await closeTestDatabase();
});

const scrape = (headers: Record<string, string> = { authorization: `Bearer ${key}` }) =>
  metricsGet(new Request('http://proxbox.test/metrics', { headers }));

/** The value of the sample written exactly as `series` (name and labels), or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('Prometheus exposition', () => {
  it('renders HELP, TYPE, escaped labels and cumulative histogram buckets', () => {
    const h = new Histogram('x_seconds', 'Latency.\nSecond line', ['route'], [0.1, 1]);
    h.observe({ route: 'a"b\\c' }, 0.05);
    h.observe({ route: 'a"b\\c' }, 0.5);
    h.observe({ route: 'a"b\\c' }, 3);
    expect(renderFamilies([h.family()])).toBe(
      [
        '# HELP x_seconds Latency.\\nSecond line',
        '# TYPE x_seconds histogram',
        'x_seconds_bucket{route="a\\"b\\\\c",le="0.1"} 1',
        'x_seconds_bucket{route="a\\"b\\\\c",le="1"} 2',
        'x_seconds_bucket{route="a\\"b\\\\c",le="+Inf"} 3',
        'x_seconds_sum{route="a\\"b\\\\c"} 3.55',
        'x_seconds_count{route="a\\"b\\\\c"} 3',
        '',
      ].join('\n'),
    );
    expect(routeLabel('/api/virtualization/virtual-machines/123/')).toBe('/api/virtualization/virtual-machines/{id}/');
  });

  it('keeps at most maxSeries label sets per metric, counting the rest under `other`', () => {
    const c = new Counter('x_total', 'Calls.', ['route', 'status'], 3);
    for (const route of ['/a', '/b', '/made-up-1', '/made-up-2', '/a', '/made-up-3']) c.inc({ route, status: '401' });
    expect(c.family().samples).toEqual([
      { labels: { route: '/a', status: '401' }, value: 2 },
      { labels: { route: '/b', status: '401' }, value: 1 },
      { labels: { route: 'other', status: 'other' }, value: 3 },
    ]);
    const h = new Histogram('y_seconds', 'Latency.', ['route'], [1], 2);
    for (const route of ['/a', '/x', '/y']) h.observe({ route }, 0.5);
    expect(
      renderFamilies([h.family()])
        .split('\n')
        .filter((l) => l.startsWith('y_seconds_count')),
    ).toEqual(['y_seconds_count{route="/a"} 1', 'y_seconds_count{route="other"} 2']);
  });
});

describe(`GET /metrics (${testDriver})`, () => {
  it('answers 401 without a key or with a wrong one, 200 with any key as Bearer or Token', async () => {
    const none = await scrape({});
    expect([none.status, none.headers.get('www-authenticate')]).toEqual([401, 'Bearer realm="proxbox"']);
    expect(
      (
        await scrape({
          authorization: 'Bearer pbx_AAAAAAAAAAAA_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB',
          'x-forwarded-for': '192.0.2.77',
        })
      ).status,
    ).toBe(401);
    const bearer = await scrape();
    expect([bearer.status, bearer.headers.get('content-type')]).toEqual([
      200,
      'text/plain; version=0.0.4; charset=utf-8',
    ]);
    expect((await scrape({ authorization: `Token ${key}` })).status).toBe(200);
  });

  it('counts runs by status, objects per stage, stage durations, Proxmox requests and errors, and the last success, exactly', async () => {
    expect(outcomes.map((o) => o.status)).toEqual(['completed', 'completed', 'failed']);
    const text = await (await scrape()).text();
    expect(sample(text, 'proxbox_sync_runs_total{status="completed"}')).toBe(2);
    expect(sample(text, 'proxbox_sync_runs_total{status="failed"}')).toBe(1);
    expect(sample(text, 'proxbox_sync_runs_total{status="cancelled"}')).toBe(0);
    expect(sample(text, 'proxbox_sync_queue_depth')).toBe(0);
    expect(sample(text, 'proxbox_sync_jobs_running')).toBe(0);

    for (const stage of ['devices', 'virtual-machines', 'vm-backups']) {
      for (const op of ['created', 'updated', 'deleted'] as const) {
        const expected = outcomes.reduce((n, o) => n + (o.counts[stage]?.[op] ?? 0), 0);
        expect(sample(text, `proxbox_sync_objects_total{stage="${stage}",operation="${op}"}`), `${stage} ${op}`).toBe(
          expected,
        );
      }
    }
    const vms = await handle.db.select().from(schema.virtualMachines);
    expect(sample(text, 'proxbox_sync_objects_total{stage="virtual-machines",operation="created"}')).toBe(vms.length);
    // devices ran in all three runs, storage in the two full ones.
    expect(sample(text, 'proxbox_sync_stage_duration_seconds_count{stage="devices"}')).toBe(3);
    expect(sample(text, 'proxbox_sync_stage_duration_seconds_count{stage="storage"}')).toBe(2);
    expect(sample(text, 'proxbox_sync_stage_duration_seconds_bucket{stage="storage",le="+Inf"}')).toBe(2);

    const endpoint = sim.clusters[0].name;
    expect(sample(text, `proxbox_proxmox_requests_total{endpoint="${endpoint}"}`)).toBe(
      outcomes.reduce((n, o) => n + o.proxmoxRequests, 0),
    );
    const authErrors = outcomes[2].issues.filter(
      (i) => i.severity === 'error' && i.category === 'authentication',
    ).length;
    expect(authErrors).toBeGreaterThan(0);
    expect(sample(text, `proxbox_proxmox_errors_total{endpoint="${endpoint}",category="authentication"}`)).toBe(
      authErrors,
    );

    // The last success is the full run's end (the devices-only run is a stage run, not a sync of the endpoint).
    const [full] = await handle.db.select().from(schema.syncJobs).where(eq(schema.syncJobs.id, outcomes[0].jobId));
    expect(sample(text, `proxbox_sync_last_success_timestamp_seconds{endpoint="${endpoint}"}`)).toBeCloseTo(
      full.finishedAt!.getTime() / 1000,
      3,
    );
  });

  it('keeps API latency histograms per method, route and status', async () => {
    const call = (headers: Record<string, string>) =>
      statusGet(new Request('http://proxbox.test/api/status/', { headers }));
    expect((await call({ authorization: `Token ${key}` })).status).toBe(200);
    expect((await call({ authorization: `Token ${key}` })).status).toBe(200);
    expect((await call({})).status).toBe(403);
    const text = await (await scrape()).text();
    expect(
      sample(text, 'proxbox_api_request_duration_seconds_count{method="GET",route="/api/status/",status="200"}'),
    ).toBe(2);
    expect(
      sample(
        text,
        'proxbox_api_request_duration_seconds_bucket{method="GET",route="/api/status/",status="200",le="+Inf"}',
      ),
    ).toBe(2);
    expect(
      sample(text, 'proxbox_api_request_duration_seconds_count{method="GET",route="/api/status/",status="403"}'),
    ).toBe(1);
    expect(text).toContain('# TYPE proxbox_api_request_duration_seconds histogram');
  });
});

import { describe, expect, it } from 'vitest';
import { SYNC_STAGES } from '@/db/schema/choices';
import { EndpointFetcher, type ProxmoxReader } from '@/lib/sync/read/fetch';
import { prefetch } from '@/lib/sync/read/prefetch';
import type { ProxmoxStageName } from '@/lib/sync/types';

// The prefetch asks for every request of a run at once. They must be sent in the order of the
// stages that read them, guest configs (which have their own, smaller bound) included: served
// first-come, the configs went out after every snapshot list, and the virtual-machines stage,
// which every later stage builds on, waited for nearly the whole run's requests.

const GUESTS = 6;

/** A reader of a one-node cluster that records the paths in the order they are sent. */
function recordingReader(sent: string[]): ProxmoxReader {
  const answers: Record<string, unknown> = {
    '/version': { version: '8.2.4', release: '8.2', repoid: 'abc' },
    '/cluster/status': [
      { type: 'cluster', name: 'c1', nodes: 1, quorate: 1, version: 3 },
      { type: 'node', name: 'n1', nodeid: 1, online: 1, ip: '10.0.0.1', local: 1 },
    ],
    '/nodes': [{ node: 'n1', status: 'online' }],
    '/cluster/resources': Array.from({ length: GUESTS }, (_, i) => ({
      type: 'qemu',
      id: `qemu/${100 + i}`,
      vmid: 100 + i,
      node: 'n1',
      name: `vm${i}`,
      status: 'stopped',
    })),
    '/storage': [],
    '/nodes/n1/network': [],
    '/nodes/n1/tasks': [],
    '/cluster/replication': [],
    '/cluster/backup': [],
  };
  const get = async <T>(path: string, schema: { parse(v: unknown): T }) => {
    sent.push(path);
    // Answers arrive later, as over a network: everything the prefetch asks for is queued first.
    await new Promise((resolve) => setTimeout(resolve, 1));
    return schema.parse(path in answers ? answers[path] : path.endsWith('/config') ? { name: 'x' } : []);
  };
  return { requestCount: 0, get, getPage: async (path, schema) => ({ data: await get(path, schema), total: 0 }) };
}

/** The stage whose data a path is. */
function stageOf(path: string): string {
  if (path.endsWith('/config')) return 'virtual-machines';
  if (path.endsWith('/snapshot')) return 'vm-snapshots';
  if (path.endsWith('/tasks')) return 'task-history';
  if (path.endsWith('/network')) return 'network-interfaces';
  if (path === '/cluster/replication') return 'replications';
  if (path === '/cluster/backup') return 'backup-routines';
  if (path === '/storage') return 'storage';
  return 'devices';
}

describe('EndpointFetcher request order', () => {
  it('sends the prefetched requests in stage order, configs before task lists and snapshot lists', async () => {
    const sent: string[] = [];
    const fetcher = new EndpointFetcher(recordingReader(sent), { configConcurrency: 1, concurrency: 1 });
    const stages = SYNC_STAGES.filter((s): s is ProxmoxStageName => s !== 'netbox-push');
    await prefetch(fetcher, stages, 7, new Date('2026-01-15T00:00:00Z'));
    // Wait for every queued request (the prefetch does not wait for them).
    for (let i = 0; i < GUESTS; i++) await fetcher.snapshots({ node: 'n1', type: 'qemu', vmid: 100 + i });
    await fetcher.backupJobs();

    // The first four are the ones the prefetch awaits before queueing the rest.
    expect(sent.slice(0, 4).sort()).toEqual(['/cluster/resources', '/cluster/status', '/nodes', '/version']);
    expect(sent.slice(4).map(stageOf)).toEqual([
      'storage',
      ...Array<string>(GUESTS).fill('virtual-machines'),
      'task-history',
      ...Array<string>(GUESTS).fill('vm-snapshots'),
      'network-interfaces',
      'replications',
      'backup-routines',
    ]);
  });

  it('keeps the configs within their own, smaller bound', async () => {
    const sent: string[] = [];
    let inFlight = 0;
    let peak = 0;
    const reader = recordingReader(sent);
    const counting: ProxmoxReader = {
      ...reader,
      get: async (path, schema) => {
        const config = path.endsWith('/config');
        if (config) peak = Math.max(peak, ++inFlight);
        try {
          return await reader.get(path, schema);
        } finally {
          if (config) inFlight--;
        }
      },
    };
    const fetcher = new EndpointFetcher(counting, { configConcurrency: 2, concurrency: 4 });
    const configs = await Promise.all(
      Array.from({ length: GUESTS }, (_, i) => fetcher.config({ node: 'n1', type: 'qemu', vmid: 100 + i })),
    );
    expect(configs.every((c) => c.ok)).toBe(true);
    expect(sent.filter((p) => p.endsWith('/config'))).toHaveLength(GUESTS);
    expect(peak).toBe(2);
  });

  it('without a bound of its own keeps first-come order', async () => {
    const sent: string[] = [];
    const fetcher = new EndpointFetcher(recordingReader(sent));
    await Promise.all([
      fetcher.backupJobs(),
      fetcher.config({ node: 'n1', type: 'qemu', vmid: 100 }),
      fetcher.storages(),
    ]);
    expect(sent).toEqual(['/cluster/backup', '/nodes/n1/qemu/100/config', '/storage']);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { netboxEndpoints, netboxPushState, netboxRemoteObjects, syncEvents, syncJobs } from '@/db/schema';
import { loadJobNetboxPushes, NETBOX_PUSH_EVENT } from '@/lib/dashboard/job-netbox-push';
import { loadNetboxPushDetail, loadNetboxPushSummaries, sumPushCounts } from '@/lib/dashboard/netbox-push-summary';
import { previewNetboxPush, startNetboxPush } from '@/lib/data/netbox-push';
import { AppError } from '@/lib/data/errors';
import type { PushPlan } from '@/lib/netbox/push/types';
import { closeTestDatabase, openTestDatabase, testDriver } from '../../helpers/db';

const viewer = { kind: 'user', userId: 1, username: 'viewer', role: 'operator' } as const;
const readOnlyKey = { kind: 'apikey', keyId: 'k1', description: 'ro', role: 'viewer' } as const;
let handle: DatabaseHandle;
let main: number;
let lab: number;
let off: number;
let jobId: number;

const c = (created: number, updated: number, deleted: number, unchanged: number, failed: number) => ({
  created,
  updated,
  deleted,
  unchanged,
  failed,
});

const plan: PushPlan = {
  endpointId: 0,
  endpointName: 'main',
  netboxVersion: '4.2.2',
  types: [
    {
      type: 'extras/tags',
      creates: [{ key: 'tag:proxbox', label: 'proxbox', fields: { name: 'proxbox', slug: 'proxbox' } }],
      updates: [],
      deletes: [],
      conflicts: [],
      refusals: [],
      unchanged: 0,
    },
    {
      type: 'virtualization/virtual-machines',
      creates: Array.from({ length: 3 }, (_, i) => ({
        key: `vm:${i + 1}`,
        label: `vm${i + 1}`,
        fields: { name: `vm${i + 1}`, cluster: { name: 'pve' } },
      })),
      updates: [
        { key: 'vm:9', label: 'web', remoteId: 41, adopt: true, changes: [{ field: 'vcpus', old: 1, new: 2 }] },
      ],
      deletes: [{ key: 'vm:10', label: 'old', remoteId: 42, reason: 'gone from Proxmox' }],
      conflicts: [{ key: 'vm:11', label: 'db', remoteId: 43, reason: 'NetBox VM #43 has proxmox_vm_id 200' }],
      refusals: [
        { key: 'ip:1', label: '10.0.0.5/24', remoteId: 7, reason: 'assigned to a device Proxbox does not manage' },
      ],
      unchanged: 5,
    },
  ],
  summary: {} as PushPlan['summary'],
  deletesHeldBack: [],
};

beforeAll(async () => {
  handle = await openTestDatabase();
  const db = handle.db;
  [{ id: main }, { id: lab }, { id: off }] = await db
    .insert(netboxEndpoints)
    .values([
      { name: 'main', domain: 'netbox.example.com', port: 443, token: 'x' },
      { name: 'lab', domain: 'lab.example.com', port: 8000, useHttps: false, token: 'x' },
      { name: 'off', domain: 'off.example.com', port: 443, token: 'x', enabled: false },
    ])
    .returning({ id: netboxEndpoints.id });
  [{ id: jobId }] = await db
    .insert(syncJobs)
    .values({ kind: 'stage', stages: ['netbox-push'], requestedBy: 'admin', status: 'completed' })
    .returning({ id: syncJobs.id });
  await db.insert(netboxPushState).values({
    endpointId: main,
    jobId,
    pushedAt: new Date('2026-03-01T10:00:00Z'),
    status: 'completed_with_errors',
    netboxVersion: '4.2.2',
    counts: { 'virtualization/virtual-machines': c(3, 1, 1, 5, 2), 'extras/tags': c(1, 0, 0, 0, 0) },
    conflicts: [
      { type: 'virtualization/virtual-machines', key: 'vm:11', label: 'db', remoteId: 43, reason: 'another guest' },
    ],
  });
  const owned = (endpointId: number, remoteType: string, n: number, from: number) =>
    Array.from({ length: n }, (_, i) => ({
      endpointId,
      localModel: 'x',
      localKey: `${remoteType}:${from + i}`,
      remoteType,
      remoteId: from + i,
    }));
  await db
    .insert(netboxRemoteObjects)
    .values([
      ...owned(main, 'virtualization/virtual-machines', 4, 100),
      ...owned(main, 'extras/tags', 1, 1),
      ...owned(lab, 'dcim/devices', 2, 1),
    ]);
  await db.insert(syncEvents).values([
    { jobId, seq: 1, event: 'step', stage: 'netbox-push', payload: { event: 'step' } },
    {
      jobId,
      seq: 2,
      event: NETBOX_PUSH_EVENT,
      stage: 'netbox-push',
      payload: {
        endpointId: main,
        endpointName: 'main',
        dryRun: true,
        counts: { 'virtualization/virtual-machines': c(3, 1, 1, 5, 0) },
        failures: [],
        plan: { ...plan, endpointId: main },
      },
    },
    {
      jobId,
      seq: 3,
      event: NETBOX_PUSH_EVENT,
      stage: 'netbox-push',
      payload: {
        endpointId: lab,
        endpointName: 'lab',
        dryRun: false,
        counts: { 'dcim/devices': c(2, 0, 0, 0, 1) },
        failures: [
          {
            type: 'dcim/devices',
            key: 'node:3',
            label: 'pve3',
            operation: 'create',
            category: 'validation',
            message: 'site is required',
            suggestion: 'fix it',
          },
        ],
        requests: { total: 4, writes: 2 },
      },
    },
    { jobId, seq: 4, event: NETBOX_PUSH_EVENT, stage: 'netbox-push', payload: { endpointName: 'broken' } },
  ]);
});
afterAll(() => closeTestDatabase());

describe(`NetBox push summaries (${testDriver})`, () => {
  it('sums per-type counts and tolerates missing keys', () => {
    expect(sumPushCounts({ a: c(1, 2, 3, 4, 5), b: { created: 10 } })).toEqual(c(11, 2, 3, 4, 5));
    expect(sumPushCounts(null)).toEqual(c(0, 0, 0, 0, 0));
  });

  it('lists every NetBox endpoint by name with its last push, owned objects and open conflicts', async () => {
    expect(await loadNetboxPushSummaries(viewer)).toEqual([
      {
        endpointId: lab,
        name: 'lab',
        enabled: true,
        url: 'http://lab.example.com:8000',
        lastPush: null,
        objectsOwned: 2,
        openConflicts: 0,
      },
      {
        endpointId: main,
        name: 'main',
        enabled: true,
        url: 'https://netbox.example.com:443',
        lastPush: {
          at: '2026-03-01T10:00:00.000Z',
          jobId,
          status: 'completed_with_errors',
          netboxVersion: '4.2.2',
          totals: c(4, 1, 1, 5, 2),
        },
        objectsOwned: 5,
        openConflicts: 1,
      },
      {
        endpointId: off,
        name: 'off',
        enabled: false,
        url: 'https://off.example.com:443',
        lastPush: null,
        objectsOwned: 0,
        openConflicts: 0,
      },
    ]);
  });

  it("gives one endpoint's per-type counts, owned objects per type and its conflicts", async () => {
    expect(await loadNetboxPushDetail(viewer, main)).toEqual({
      endpointId: main,
      lastPush: {
        at: '2026-03-01T10:00:00.000Z',
        jobId,
        status: 'completed_with_errors',
        netboxVersion: '4.2.2',
        counts: { 'virtualization/virtual-machines': c(3, 1, 1, 5, 2), 'extras/tags': c(1, 0, 0, 0, 0) },
        totals: c(4, 1, 1, 5, 2),
      },
      objectsOwned: { 'extras/tags': 1, 'virtualization/virtual-machines': 4 },
      objectsOwnedTotal: 5,
      openConflicts: [
        { type: 'virtualization/virtual-machines', key: 'vm:11', label: 'db', remoteId: 43, reason: 'another guest' },
      ],
    });
    expect(await loadNetboxPushDetail(viewer, off)).toEqual({
      endpointId: off,
      lastPush: null,
      objectsOwned: {},
      objectsOwnedTotal: 0,
      openConflicts: [],
    });
  });

  it("reads a job's pushes: counts per type, failures, a dry run's change set; malformed events are skipped", async () => {
    const pushes = await loadJobNetboxPushes(viewer, jobId);
    expect(pushes.map((p) => [p.endpointName, p.dryRun, p.totals, p.requests, p.failures.length])).toEqual([
      ['main', true, c(3, 1, 1, 5, 0), null, 0],
      ['lab', false, c(2, 0, 0, 0, 1), { total: 4, writes: 2 }, 1],
    ]);
    const view = pushes[0].plan!;
    expect(view.totals).toEqual({ creates: 4, updates: 1, deletes: 1, conflicts: 2, unchanged: 5 });
    const vms = view.types[1];
    expect(vms.counts).toEqual({ creates: 3, updates: 1, deletes: 1, conflicts: 2, unchanged: 5 });
    expect(vms.conflicts.map((x) => [x.kind, x.label])).toEqual([
      ['conflict', 'db'],
      ['refused', '10.0.0.5/24'],
    ]);
    expect(pushes[1].plan).toBeNull();
    expect(await loadJobNetboxPushes(viewer, jobId + 1000)).toEqual([]);
  });

  it("falls back to the per-type counts of the job's summary when it recorded no per-endpoint events", async () => {
    const summary = {
      'netbox-push': {
        ...c(3, 0, 0, 2, 0),
        durationMs: 5,
        types: { 'dcim/devices': c(2, 0, 0, 0, 0), 'extras/tags': c(1, 0, 0, 2, 0) },
      },
      devices: { ...c(9, 0, 0, 0, 0), durationMs: 1 },
    };
    const [{ id: dry }] = await handle.db
      .insert(syncJobs)
      .values({
        kind: 'stage',
        stages: ['netbox-push'],
        requestedBy: 'admin',
        status: 'completed',
        dryRun: true,
        summary,
      })
      .returning({ id: syncJobs.id });
    const [{ id: plain }] = await handle.db
      .insert(syncJobs)
      .values({
        kind: 'full',
        stages: ['devices'],
        requestedBy: 'admin',
        status: 'completed',
        summary: { devices: { ...c(9, 0, 0, 0, 0), durationMs: 1 } },
      })
      .returning({ id: syncJobs.id });
    expect(await loadJobNetboxPushes(viewer, dry)).toEqual([
      {
        endpointId: null,
        endpointName: 'All NetBox endpoints',
        dryRun: true,
        counts: { 'dcim/devices': c(2, 0, 0, 0, 0), 'extras/tags': c(1, 0, 0, 2, 0) },
        totals: c(3, 0, 0, 2, 0),
        failures: [],
        requests: null,
        plan: null,
      },
    ]);
    expect(await loadJobNetboxPushes(viewer, plain)).toEqual([]);
  });

  it('refuses a preview or push from a read-only key, to an unknown or a disabled endpoint, and starts no job', async () => {
    const jobsBefore = (await handle.db.select().from(syncJobs)).length;
    await expect(previewNetboxPush(readOnlyKey, main)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(startNetboxPush(readOnlyKey, main)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(previewNetboxPush(viewer, 999_999)).rejects.toMatchObject({ code: 'not_found' });
    await expect(startNetboxPush(viewer, 0)).rejects.toBeInstanceOf(AppError);
    await expect(startNetboxPush(viewer, off)).rejects.toMatchObject({
      code: 'validation',
      message: expect.stringMatching(/disabled/),
    });
    expect((await handle.db.select().from(syncJobs)).length).toBe(jobsBefore);
  });
});

describe('plan values in one line', () => {
  it('shows objects by name, lists joined, null as a dash and other objects as key: value pairs', async () => {
    const { formatJsonValue } = await import('@/lib/dashboard/push-plan-view');
    expect(formatJsonValue(null)).toBe('—');
    expect(formatJsonValue([{ name: 'proxbox', slug: 'proxbox' }, { slug: 'x' }])).toBe('proxbox, x');
    expect(formatJsonValue({ id: 4 })).toBe('4');
    expect(formatJsonValue({ proxmox_vm_id: 100, proxmox_node: 'pve1', tags: [] })).toBe(
      '{proxmox_vm_id: 100, proxmox_node: pve1, tags: []}',
    );
    expect(formatJsonValue(2048)).toBe('2048');
  });

  it('keeps the full counts per type but at most `rowLimit` rows of each kind', async () => {
    const { planView } = await import('@/lib/dashboard/push-plan-view');
    const view = planView({ ...plan, endpointId: 1 }, 2);
    expect(view.types[1].creates.map((c) => c.key)).toEqual(['vm:1', 'vm:2']);
    expect(view.types[1].counts.creates).toBe(3);
    expect(view.totals.creates).toBe(4);
    expect(view.rowLimit).toBe(2);
  });
});

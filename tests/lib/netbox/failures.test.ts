import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { count, eq, isNotNull } from 'drizzle-orm';
import * as schema from '@/db/schema';
import type { DatabaseHandle } from '@/db/client';
import { encryptSecret } from '@/lib/crypto/secrets';
import { registerEndpoints } from '@/lib/sync/write/register-endpoints';
import { runSync } from '@/lib/sync/engine';
import { startSimulator, type Simulator } from '@/simulators/proxmox';
import { applyNetboxPush, planNetboxPush } from '@/lib/netbox/push';
import { loadNetboxPushDetail } from '@/lib/dashboard/netbox-push-summary';
import { systemActor } from '@/lib/data/actor';
import type { NetboxSimulator } from '@/simulators/netbox';
import { closeTestDatabase, openTestDatabase, testDriver } from '../../helpers/db';
import { dropNetbox, netboxFor, quickRetries, writesOf } from './helpers';

// Failure safety of the push and its `netbox-push` stage: injected 5xx, refused tokens, an
// unreachable NetBox, held-back deletes, and the dry run recorded on its job.

let handle: DatabaseHandle;
let pve: Simulator;
type Row = Record<string, unknown>;
const list = (nb: NetboxSimulator, type: string) => nb.store.list(type) as Row[];
const names = (nb: NetboxSimulator, type: string) =>
  list(nb, type).map(
    (r) => `${String((r.virtual_machine as Row | null)?.id ?? '')}/${String(r.name ?? r.address ?? r.mac_address)}`,
  );
const dupes = (xs: string[]) => xs.filter((x, i) => xs.indexOf(x) !== i);

beforeAll(async () => {
  handle = await openTestDatabase();
  pve = await startSimulator({ seed: 5, clusters: 1, nodesPerCluster: 2, guests: 8, tls: true, version: '8.2' });
  await registerEndpoints(handle.db, { kind: 'system' }, pve.clusters);
  await quickRetries(handle.db);
  const out = await runSync(handle.db, {
    requestedBy: 'test',
    stages: ['devices', 'virtual-machines', 'vm-disks', 'network-interfaces', 'vm-interfaces', 'ip-addresses'],
  });
  expect(out.status).toBe('completed');
}, 120_000);

afterAll(async () => {
  await pve?.stop();
  await closeTestDatabase();
});

// Each test starts its own NetBox; whatever happens, it is stopped and its endpoint removed.
const opened: { sim: NetboxSimulator; endpointId: number }[] = [];
const open = async (version: '4.0' | '4.2' | '4.6') => {
  const nb = await netboxFor(handle.db, version);
  opened.push(nb);
  return nb;
};
afterEach(async () => {
  for (const { sim, endpointId } of opened.splice(0)) {
    await sim.stop().catch(() => undefined);
    await dropNetbox(handle.db, endpointId);
  }
});

describe(`NetBox push failure safety (${testDriver})`, () => {
  it('injected 500s: the refused writes are recorded with their objects, the rest goes on, nothing is duplicated and the next push completes', async () => {
    const { sim: nb, endpointId } = await open('4.2');
    const [{ n: vmCount }] = await handle.db
      .select({ n: count() })
      .from(schema.virtualMachines)
      .where(isNotNull(schema.virtualMachines.vmid));
    // VM creation fails before NetBox writes anything: their interfaces, MACs, addresses and disks wait.
    nb.faults.failNext({ method: 'POST', path: '/api/virtualization/virtual-machines/' }, 500);
    const first = await applyNetboxPush(handle.db, endpointId);
    expect(first.counts['virtualization/virtual-machines']).toMatchObject({ created: 0, failed: Number(vmCount) });
    expect(first.failures.find((f) => f.type === 'virtualization/virtual-machines')).toMatchObject({
      operation: 'create',
      category: 'internal',
      message: expect.stringContaining('HTTP 500'),
    });
    const [{ n: nicCount }] = await handle.db.select({ n: count() }).from(schema.vmInterfaces);
    expect(Number(nicCount)).toBeGreaterThan(0);
    const nicFailures = first.failures.filter((f) => f.type === 'virtualization/interfaces');
    expect(nicFailures).toHaveLength(Number(nicCount));
    expect(first.counts['virtualization/interfaces']).toMatchObject({ created: 0, failed: Number(nicCount) });
    expect(nicFailures.every((f) => /depends on was not written/.test(f.message))).toBe(true);
    expect([first.counts['virtualization/clusters'].created, first.counts['dcim/devices'].created]).toEqual([1, 2]);
    expect(list(nb, 'virtualization/virtual-machines')).toHaveLength(0);

    // The disks are written but the answer is lost (504 after the write).
    nb.faults.failNext({ method: 'POST', path: '/api/virtualization/virtual-disks/', after: true }, 504);
    const second = await applyNetboxPush(handle.db, endpointId);
    const disks = list(nb, 'virtualization/virtual-disks').length;
    expect(second.counts['virtualization/virtual-disks']).toMatchObject({ created: 0, failed: disks });
    expect(list(nb, 'virtualization/virtual-machines')).toHaveLength(Number(vmCount));

    // The next push finds those disks again (by name and VM) instead of creating them twice.
    nb.resetRequests();
    const third = await applyNetboxPush(handle.db, endpointId);
    expect(third.failures).toEqual([]);
    expect(third.counts['virtualization/virtual-disks']).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: disks,
      failed: 0,
    });
    expect(writesOf(nb)).toEqual([]);
    for (const type of [
      'virtualization/virtual-machines',
      'virtualization/interfaces',
      'virtualization/virtual-disks',
      'ipam/ip-addresses',
      'dcim/mac-addresses',
      'dcim/devices',
      'virtualization/clusters',
    ]) {
      expect(dupes(names(nb, type))).toEqual([]);
    }
    nb.resetRequests();
    nb.faults.failNext({ method: 'GET', path: '/api/virtualization/virtual-machines/' }, 503);
    const fourth = await applyNetboxPush(handle.db, endpointId);
    // A read answered 503 once is retried; nothing left to write.
    expect([fourth.failures, writesOf(nb)]).toEqual([[], []]);
    expect(nb.requests.filter((r) => r.status === 503)).toHaveLength(1);
  }, 60_000);

  it('a wrong token fails the stage with a clear error naming the token version, and changes nothing', async () => {
    const { sim: nb, endpointId } = await open('4.6');
    await handle.db
      .update(schema.netboxEndpoints)
      .set({ token: encryptSecret('f'.repeat(40)) })
      .where(eq(schema.netboxEndpoints.id, endpointId));
    const outcome = await runSync(handle.db, { requestedBy: 'test', stages: ['netbox-push'] });
    expect(outcome.status).toBe('failed');
    expect(outcome.issues).toEqual([
      expect.objectContaining({
        stage: 'netbox-push',
        category: 'authentication',
        severity: 'error',
        message: 'NetBox refused the v1 token (Invalid v1 token)',
        suggestion: expect.stringContaining('v1 token'),
      }),
    ]);
    expect(writesOf(nb)).toEqual([]);
    expect(nb.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['GET /api/status/ 403']);
    const [{ n }] = await handle.db.select({ n: count() }).from(schema.netboxRemoteObjects);
    expect(n).toBe(0);
    const [job] = await handle.db.select().from(schema.syncJobs).where(eq(schema.syncJobs.id, outcome.jobId));
    expect(job.error).toBe('NetBox GET /api/status/: NetBox refused the v1 token (Invalid v1 token)');

    // A v2 token refused says so.
    await handle.db
      .update(schema.netboxEndpoints)
      .set({ tokenVersion: 'v2', tokenKey: 'nbsimkey0001', tokenSecret: encryptSecret('x'.repeat(40)) })
      .where(eq(schema.netboxEndpoints.id, endpointId));
    const v2 = await runSync(handle.db, { requestedBy: 'test', stages: ['netbox-push'] });
    expect(v2.issues[0]).toMatchObject({
      category: 'authentication',
      message: 'NetBox refused the v2 token (Invalid v2 token)',
    });
    expect(writesOf(nb)).toEqual([]);
  }, 60_000);

  it('a NetBox address the SSRF settings block is never contacted: the stage fails with a connection error', async () => {
    const { sim: nb, endpointId } = await open('4.2');
    const [settings] = await handle.db
      .select({ id: schema.proxboxPluginSettings.id, blocked: schema.proxboxPluginSettings.explicitlyBlockedIpRanges })
      .from(schema.proxboxPluginSettings);
    await handle.db
      .update(schema.proxboxPluginSettings)
      .set({ explicitlyBlockedIpRanges: '127.0.0.0/8' })
      .where(eq(schema.proxboxPluginSettings.id, settings.id));
    try {
      const outcome = await runSync(handle.db, { requestedBy: 'test', stages: ['netbox-push'] });
      expect(outcome.status).toBe('failed');
      expect(outcome.issues).toEqual([
        expect.objectContaining({
          stage: 'netbox-push',
          category: 'connection',
          severity: 'error',
          message: expect.stringContaining('refused to contact NetBox at 127.0.0.1'),
        }),
      ]);
      expect(nb.requests).toEqual([]);
      const [{ n }] = await handle.db
        .select({ n: count() })
        .from(schema.netboxRemoteObjects)
        .where(eq(schema.netboxRemoteObjects.endpointId, endpointId));
      expect(n).toBe(0);
    } finally {
      await handle.db
        .update(schema.proxboxPluginSettings)
        .set({ explicitlyBlockedIpRanges: settings.blocked })
        .where(eq(schema.proxboxPluginSettings.id, settings.id));
    }
  }, 60_000);

  it('an unreachable NetBox fails the stage with a connection error', async () => {
    const { sim: nb } = await open('4.2');
    await nb.stop();
    await handle.db.update(schema.proxboxPluginSettings).set({ netboxMaxRetries: 0 });
    const outcome = await runSync(handle.db, { requestedBy: 'test', stages: ['netbox-push'] });
    await handle.db.update(schema.proxboxPluginSettings).set({ netboxMaxRetries: 3 });
    expect(outcome.status).toBe('failed');
    expect(outcome.issues[0]).toMatchObject({
      category: 'connection',
      message: expect.stringMatching(/cannot reach NetBox at 127\.0\.0\.1:\d+ \(connection refused\)/),
    });
  }, 30_000);

  it('a push that fails after a successful one is recorded as the last push, failed, on its job; the version and conflicts of the earlier one stay', async () => {
    const { sim: nb, endpointId } = await open('4.2');
    const first = await applyNetboxPush(handle.db, endpointId, { now: new Date('2026-01-02T03:04:05Z') });
    expect(first.failures).toEqual([]);
    const [before] = await handle.db
      .select()
      .from(schema.netboxPushState)
      .where(eq(schema.netboxPushState.endpointId, endpointId));
    expect([before.status, before.pushedAt.toISOString(), before.netboxVersion, before.conflicts]).toEqual([
      'completed',
      '2026-01-02T03:04:05.000Z',
      '4.2.2',
      [],
    ]);
    await nb.stop();
    await handle.db.update(schema.proxboxPluginSettings).set({ netboxMaxRetries: 0 });
    const outcome = await runSync(handle.db, { requestedBy: 'test', stages: ['netbox-push'] });
    await handle.db.update(schema.proxboxPluginSettings).set({ netboxMaxRetries: 3 });
    expect(outcome.status).toBe('failed');
    const [after] = await handle.db
      .select()
      .from(schema.netboxPushState)
      .where(eq(schema.netboxPushState.endpointId, endpointId));
    expect([after.status, after.jobId, after.counts, after.netboxVersion, after.conflicts]).toEqual([
      'failed',
      outcome.jobId,
      {},
      '4.2.2',
      [],
    ]);
    expect(after.pushedAt.getTime()).toBeGreaterThan(before.pushedAt.getTime());
    const status = await loadNetboxPushDetail(systemActor, endpointId);
    expect([status.lastPush?.status, status.lastPush?.jobId, status.lastPush?.counts]).toEqual([
      'failed',
      outcome.jobId,
      {},
    ]);
  }, 60_000);

  it('a dry run job plans and writes nothing; the stage then applies exactly that; deletes resting on a failed stage are held back', async () => {
    const { sim: nb, endpointId } = await open('4.2');
    const dry = await runSync(handle.db, { requestedBy: 'test', stages: ['netbox-push'], dryRun: true });
    expect(dry.status).toBe('completed');
    expect(writesOf(nb)).toEqual([]);
    const [dryJob] = await handle.db.select().from(schema.syncJobs).where(eq(schema.syncJobs.id, dry.jobId));
    expect(dryJob.dryRun).toBe(true);
    const planned = dryJob.summary['netbox-push'].types!;
    expect(planned['virtualization/virtual-machines'].created).toBeGreaterThan(0);
    // One `netbox_push` event per NetBox endpoint, with the change set of the dry run.
    const events = await handle.db.select().from(schema.syncEvents).where(eq(schema.syncEvents.jobId, dry.jobId));
    const pushEvents = events.filter((e) => e.event === 'netbox_push').map((e) => e.payload);
    expect(pushEvents).toHaveLength(1);
    expect(pushEvents[0]).toMatchObject({
      endpointId,
      dryRun: true,
      status: 'completed',
      counts: planned,
      failures: [],
      plan: { endpointId, summary: planned },
    });

    const real = await runSync(handle.db, { requestedBy: 'test', stages: ['netbox-push'] });
    expect(real.status).toBe('completed');
    const [job] = await handle.db.select().from(schema.syncJobs).where(eq(schema.syncJobs.id, real.jobId));
    expect(job.dryRun).toBe(false);
    expect(job.summary['netbox-push'].types).toEqual(planned);
    expect(job.summary['netbox-push']).toMatchObject({
      created: Object.values(planned).reduce((n, c) => n + c.created, 0),
      failed: 0,
    });

    // A full sync ends with the push when a NetBox endpoint is enabled.
    const full = await runSync(handle.db, { requestedBy: 'test' });
    const [fullJob] = await handle.db.select().from(schema.syncJobs).where(eq(schema.syncJobs.id, full.jobId));
    expect(fullJob.stages[fullJob.stages.length - 1]).toBe('netbox-push');
    expect(fullJob.summary['netbox-push']).toMatchObject({ created: 0, updated: 0, deleted: 0, failed: 0 });

    // An interface gone locally: held back while its stage failed, deleted once it did not.
    const ips = await handle.db
      .select()
      .from(schema.ipAddresses)
      .where(eq(schema.ipAddresses.assignedObjectType, 'virtualization.vminterface'));
    const nics = await handle.db.select().from(schema.vmInterfaces).where(isNotNull(schema.vmInterfaces.macAddress));
    const nic = nics.find((n) => ips.some((ip) => ip.assignedObjectId === n.id))!;
    await handle.db.delete(schema.ipAddresses).where(eq(schema.ipAddresses.assignedObjectId, nic.id));
    await handle.db.delete(schema.vmInterfaces).where(eq(schema.vmInterfaces.id, nic.id));
    const held = await planNetboxPush(handle.db, endpointId, {
      holdDeletes: ['virtualization/interfaces', 'dcim/mac-addresses', 'ipam/ip-addresses'],
    });
    expect(held.deletesHeldBack).toEqual(['virtualization/interfaces', 'dcim/mac-addresses', 'ipam/ip-addresses']);
    expect(held.summary['virtualization/interfaces'].deleted).toBe(0);
    const before = list(nb, 'virtualization/interfaces').length;
    const done = await applyNetboxPush(handle.db, endpointId);
    expect([
      done.counts['virtualization/interfaces'].deleted,
      done.counts['dcim/mac-addresses'].deleted,
      done.failures,
    ]).toEqual([1, 1, []]);
    expect(done.counts['ipam/ip-addresses'].deleted).toBe(ips.filter((ip) => ip.assignedObjectId === nic.id).length);
    expect(list(nb, 'virtualization/interfaces')).toHaveLength(before - 1);

    // End to end: when the vm-interfaces stage fails in the same job, interfaces gone locally stay in NetBox.
    const other = nics.find((n) => n.id !== nic.id)!;
    await handle.db.delete(schema.ipAddresses).where(eq(schema.ipAddresses.assignedObjectId, other.id));
    await handle.db.delete(schema.vmInterfaces).where(eq(schema.vmInterfaces.id, other.id));
    const unfail = pve.faults.failPath(0, '/config$', 500, 'config unreadable');
    const failing = await runSync(handle.db, { requestedBy: 'test', stages: ['vm-interfaces', 'netbox-push'] });
    unfail();
    expect(failing.counts['vm-interfaces'].failed).toBeGreaterThan(0);
    const [failingJob] = await handle.db.select().from(schema.syncJobs).where(eq(schema.syncJobs.id, failing.jobId));
    expect([
      failingJob.summary['netbox-push'].types!['virtualization/interfaces'].deleted,
      failingJob.summary['netbox-push'].types!['dcim/mac-addresses'].deleted,
    ]).toEqual([0, 0]);
    expect(failing.issues.find((i) => i.stage === 'netbox-push' && i.item === 'deletes')).toMatchObject({
      severity: 'warning',
      message: expect.stringContaining('virtualization/interfaces'),
    });
    expect(list(nb, 'virtualization/interfaces')).toHaveLength(before - 1);
  }, 120_000);
});

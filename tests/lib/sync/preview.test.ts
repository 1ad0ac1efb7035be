import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq, like, sql } from 'drizzle-orm';
import * as schema from '@/db/schema';
import type { DatabaseHandle } from '@/db/client';
import { ensureSettings } from '@/lib/bootstrap/settings';
import { loadJobSyncPreview } from '@/lib/dashboard/job-sync-preview';
import { getModelByObjectType } from '@/lib/models/registry';
import { runSync, PREVIEW_ROW_LIMIT } from '@/lib/sync/engine';
import { changeSetOf, type SyncChangeSet } from '@/lib/sync/preview/change-set';
import { registerEndpoints } from '@/lib/sync/write/register-endpoints';
import { startSimulator, type Simulator } from '@/simulators/proxmox';
import { closeTestDatabase, openTestDatabase, testDriver } from '../../helpers/db';
import { simulatorClock, syncClock } from '../../helpers/clock';

// A preview runs the real stages on a rolled-back transaction: it must leave every table as it
// was, and the run that follows must write exactly the changes it reported.

let handle: DatabaseHandle;
let sim: Simulator;
const system = { kind: 'system' } as const;
const viewer = { kind: 'user', userId: 1, username: 'viewer', role: 'viewer' } as const;
/** The job's own record survives a preview; everything else must be untouched. */
const JOB_TABLES = new Set(['sync_jobs', 'sync_events']);

/** Row count and a digest of the content of every table but the job's own. */
async function fingerprint(): Promise<Record<string, string>> {
  const result = await handle.db.execute(sql`select tablename from pg_tables where schemaname = 'public'`);
  const tables = (result as unknown as { rows: { tablename: string }[] }).rows
    .map((r) => r.tablename)
    .filter((t) => !JOB_TABLES.has(t) && !t.startsWith('__'))
    .sort();
  const out: Record<string, string> = {};
  for (const t of tables) {
    const r = await handle.db.execute(
      sql.raw(
        `select count(*)::text as n, coalesce(md5(string_agg(x::text, ',' order by x::text)), '') as h from "${t}" x`,
      ),
    );
    const [row] = (r as unknown as { rows: { n: string; h: string }[] }).rows;
    out[t] = `${row.n}:${row.h}`;
  }
  return out;
}

/** The change set of what job `jobId` wrote, from the change log. */
async function writtenBy(jobId: number): Promise<SyncChangeSet> {
  const rows = await handle.db
    .select()
    .from(schema.objectChanges)
    .where(like(schema.objectChanges.requestId, `sync-${jobId}-%`))
    .orderBy(asc(schema.objectChanges.id));
  return changeSetOf(
    rows.map((r) => ({
      action: r.action,
      objectType: r.changedObjectType,
      objectId: r.changedObjectId,
      repr: r.objectRepr,
      pre: r.prechangeData,
      post: r.postchangeData,
    })),
  );
}

/**
 * A change set without the ids of the objects it creates (a preview's creates take sequence values
 * the rolled-back transaction used up, so its run gives them other ids): per model the exact
 * counts, and sorted rows whose references to created objects are left out.
 */
function comparable(set: SyncChangeSet) {
  const createdIds = new Set(set.models.flatMap((m) => m.creates.map((c) => c.key)));
  const refField = (type: string, field: string) => {
    const meta = getModelByObjectType(type)?.meta.fields.find((f) => f.key === field);
    return meta?.kind === 'fk' || Boolean(meta?.multiFk) || field === 'assignedObjectId';
  };
  // Some names hold ids ("Disk #36 on storage #13"): a created object's is provisional in a preview.
  const label = (text: string) => text.replace(/#\d+/g, '#id');
  const values = (type: string, fields: Record<string, unknown>) =>
    Object.entries(fields)
      .filter(([k]) => !refField(type, k))
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join(';');
  return Object.fromEntries(
    set.models.map((m) => [
      m.type,
      {
        counts: m.counts,
        creates: m.creates.map((c) => `${label(c.label)}|${values(m.type, c.fields)}`).sort(),
        updates: m.updates
          .map(
            (u) =>
              `${createdIds.has(u.key) ? 'new' : u.remoteId}|${label(u.label)}|` +
              u.changes
                .map((c) => (refField(m.type, c.field) ? c.field : `${c.field}:${JSON.stringify([c.old, c.new])}`))
                .join(';'),
          )
          .sort(),
        deletes: m.deletes.map((d) => `${d.remoteId}|${d.label}`).sort(),
      },
    ]),
  );
}

beforeAll(async () => {
  handle = await openTestDatabase();
  sim = await startSimulator({
    seed: 5,
    clusters: 2,
    nodesPerCluster: 2,
    guests: 14,
    tls: true,
    clock: simulatorClock,
  });
  await registerEndpoints(handle.db, system, sim.clusters);
  // Every run, a preview too, first creates the settings row when missing: not part of what it previews.
  await ensureSettings(handle.db);
}, 120_000);
afterAll(async () => {
  await sim?.stop();
  await closeTestDatabase();
});

describe(`sync preview (${testDriver})`, () => {
  it('previews a first sync without writing anything, then the run writes exactly the preview', async () => {
    const before = await fingerprint();
    const preview = await runSync(handle.db, { requestedBy: 'test', dryRun: true, clock: syncClock });
    expect(preview.issues).toEqual([]);
    expect(preview.status).toBe('completed');
    expect(await fingerprint()).toEqual(before);
    const [job] = await handle.db.select().from(schema.syncJobs).where(eq(schema.syncJobs.id, preview.jobId));
    expect([job.dryRun, job.status]).toEqual([true, 'completed']);
    const changes = preview.preview!;
    // Exact counts of a first sync: every guest of both clusters, one device per node, nothing updated or deleted.
    const guests = sim.estate.clusters.reduce((n, c) => n + c.guests.length, 0);
    const byType = Object.fromEntries(changes.models.map((m) => [m.type, m.counts]));
    expect(byType['virtualization.virtualmachine']).toEqual({
      creates: guests,
      updates: expect.any(Number),
      deletes: 0,
    });
    expect(byType['dcim.device']).toEqual({ creates: 4, updates: 0, deletes: 0 });
    expect(byType['virtualization.cluster']).toEqual({ creates: 2, updates: 0, deletes: 0 });
    expect(changes.totals.deletes).toBe(0);
    // The job's summary counts what the run would (per stage), like any run.
    expect(job.summary['virtual-machines'].created).toBe(guests);
    // The log keeps the change set for the run page, rows capped, counts exact.
    const [event] = await handle.db.select().from(schema.syncEvents).where(eq(schema.syncEvents.event, 'sync_preview'));
    const logged = (event.payload as { changes: SyncChangeSet }).changes;
    expect(logged.rowLimit).toBe(PREVIEW_ROW_LIMIT);
    expect(logged.totals).toEqual(changes.totals);
    for (const m of logged.models) expect(m.creates.length).toBe(Math.min(m.counts.creates, PREVIEW_ROW_LIMIT));
    // The run page reads it back, per model by name.
    const page = await loadJobSyncPreview(viewer, preview.jobId);
    expect(page!.plan.totals).toEqual({ ...changes.totals, conflicts: 0, unchanged: 0 });
    expect(page!.plan.types.find((t) => t.type === 'Virtual machines')!.counts.creates).toBe(guests);

    const run = await runSync(handle.db, { requestedBy: 'test', clock: syncClock });
    expect(run.status).toBe('completed');
    expect(run.preview).toBeUndefined();
    expect(await loadJobSyncPreview(viewer, run.jobId)).toBeNull();
    expect(comparable(await writtenBy(run.jobId))).toEqual(comparable(changes));
    expect(run.counts).toEqual(preview.counts);
  }, 120_000);

  it('previews exactly the changes made in Proxmox since, and the re-sync writes exactly those', async () => {
    const [renamed, removed] = sim.estate.clusters[0].guests;
    const oldName = renamed.name;
    sim.mutate.renameGuest(0, renamed.vmid, 'renamed-for-preview');
    sim.mutate.removeGuest(0, removed.vmid);
    const added = sim.mutate.addGuest(1, { name: 'added-for-preview' });
    const before = await fingerprint();
    const preview = await runSync(handle.db, { requestedBy: 'test', dryRun: true, clock: syncClock });
    expect(preview.status).toBe('completed');
    expect(await fingerprint()).toEqual(before);
    const vms = preview.preview!.models.find((m) => m.type === 'virtualization.virtualmachine')!;
    expect(vms.creates.map((c) => c.label)).toEqual(['added-for-preview']);
    const rename = vms.updates.find((u) => u.changes.some((c) => c.field === 'name'))!;
    expect(rename.changes.find((c) => c.field === 'name')).toEqual({
      field: 'name',
      old: oldName,
      new: 'renamed-for-preview',
    });
    // The stale VM policy (mark, the default) marks the removed guest offline instead of deleting it.
    const stale = vms.updates.find((u) => u.label === removed.name)!;
    expect(stale.changes.find((c) => c.field === 'status')).toMatchObject({ new: 'offline' });
    expect(vms.counts.deletes).toBe(0);
    expect(added.vmid).toBeGreaterThan(0);
    // Renamed; marked stale; the new guest's disk total and primary address, set by later stages.
    expect(vms.counts).toEqual({ creates: 1, updates: 4, deletes: 0 });
    // The two clusters' endpoints sync side by side, so only one VM's changes have an order of
    // their own (stage order): compared per VM.
    const changesByVm: Record<string, string[][]> = {};
    for (const u of vms.updates) (changesByVm[u.label] ??= []).push(u.changes.map((c) => c.field));
    expect(changesByVm).toEqual({
      'renamed-for-preview': [['name', 'proxmoxName']],
      [removed.name]: [['status']],
      'added-for-preview': [['disk'], ['primaryIp4Id']],
    });

    const run = await runSync(handle.db, { requestedBy: 'test', clock: syncClock });
    expect(run.status).toBe('completed');
    expect(comparable(await writtenBy(run.jobId))).toEqual(comparable(preview.preview!));
    expect(run.counts).toEqual(preview.counts);
  }, 120_000);

  it('applies the deletion policy as the run does: with stale VM policy delete, a removed guest is previewed as deleted', async () => {
    const endpoint = sim.estate.clusters[1];
    const [row] = await handle.db
      .select()
      .from(schema.proxmoxEndpoints)
      .where(eq(schema.proxmoxEndpoints.name, endpoint.name));
    await handle.db
      .update(schema.proxmoxEndpoints)
      .set({ staleVmPolicy: 'delete' })
      .where(eq(schema.proxmoxEndpoints.id, row.id));
    const gone = endpoint.guests[2];
    sim.mutate.removeGuest(1, gone.vmid);
    const before = await fingerprint();
    const preview = await runSync(handle.db, { requestedBy: 'test', dryRun: true, clock: syncClock });
    expect(preview.status).toBe('completed');
    expect(await fingerprint()).toEqual(before);
    const vms = preview.preview!.models.find((m) => m.type === 'virtualization.virtualmachine')!;
    expect(vms.counts).toEqual({ creates: 0, updates: 0, deletes: 1 });
    expect(vms.deletes.map((d) => d.label)).toEqual([gone.name]);
    const run = await runSync(handle.db, { requestedBy: 'test', clock: syncClock });
    expect(comparable(await writtenBy(run.jobId))).toEqual(comparable(preview.preview!));
  }, 120_000);

  it('previews one object: only its part of Proxmox, as its per-object run writes it', async () => {
    const guest = sim.estate.clusters[0].guests.find((g) => g.type === 'qemu' && g.status === 'running')!;
    const other = sim.estate.clusters[0].guests.find((g) => g.vmid !== guest.vmid)!;
    sim.mutate.renameGuest(0, guest.vmid, 'one-object-preview');
    sim.mutate.renameGuest(0, other.vmid, 'outside-the-scope');
    const [endpoint] = await handle.db
      .select()
      .from(schema.proxmoxEndpoints)
      .where(eq(schema.proxmoxEndpoints.name, sim.estate.clusters[0].name));
    const [row] = await handle.db
      .select({ id: schema.virtualMachines.id })
      .from(schema.virtualMachines)
      .where(
        and(eq(schema.virtualMachines.vmid, guest.vmid), eq(schema.virtualMachines.proxmoxEndpointId, endpoint.id)),
      );
    const object = { type: 'virtual-machines', id: row.id };
    const before = await fingerprint();
    const preview = await runSync(handle.db, { requestedBy: 'test', object, dryRun: true, clock: syncClock });
    expect(preview.status).toBe('completed');
    expect(await fingerprint()).toEqual(before);
    expect(preview.preview!.models.map((m) => [m.type, m.counts])).toEqual([
      ['virtualization.virtualmachine', { creates: 0, updates: 1, deletes: 0 }],
    ]);
    expect(preview.preview!.models[0].updates[0]).toMatchObject({ remoteId: row.id, label: 'one-object-preview' });
    const run = await runSync(handle.db, { requestedBy: 'test', object, clock: syncClock });
    expect(comparable(await writtenBy(run.jobId))).toEqual(comparable(preview.preview!));
  }, 120_000);
});

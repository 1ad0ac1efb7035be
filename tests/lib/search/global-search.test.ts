import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as schema from '@/db/schema';
import type { DatabaseHandle } from '@/db/client';
import type { Actor } from '@/lib/data/actor';
import { AppError } from '@/lib/data/errors';
import { listRecords } from '@/lib/data/records';
import { startSimulator, type Simulator } from '@/simulators/proxmox';
import { allModels } from '@/lib/models/registry';
import { globalSearch } from '@/lib/search/global-search';
import { searchFields, searchableModels } from '@/lib/search/match';
import type { SearchResult } from '@/lib/search/types';
import { runSync } from '@/lib/sync/engine';
import { registerEndpoints } from '@/lib/sync/write/register-endpoints';
import { simulatorClock, syncClock } from '../../helpers/clock';
import { closeTestDatabase, openTestDatabase, testDriver } from '../../helpers/db';

// The simulator is deterministic per seed and clock: seed 7 with two clusters of two nodes and 12
// guests, pinned to TEST_NOW, yields the names, MACs, addresses, volids and UPIDs spelled out below. Row ids depend on the
// order the sync inserts in, so they are looked up by natural key.

let handle: DatabaseHandle;
let sim: Simulator;
const actor: Actor = { kind: 'user', userId: 1, username: 'tester', role: 'viewer' };

beforeAll(async () => {
  handle = await openTestDatabase();
  sim = await startSimulator({
    seed: 7,
    clusters: 2,
    nodesPerCluster: 2,
    guests: 12,
    tls: true,
    version: '8.2',
    clock: simulatorClock,
  });
  await registerEndpoints(handle.db, { kind: 'system' }, sim.clusters);
  const outcome = await runSync(handle.db, { requestedBy: 'test', clock: syncClock });
  expect(outcome.status).toBe('completed');
}, 120_000);

afterAll(async () => {
  await sim?.stop();
  await closeTestDatabase();
});

async function vmId(name: string): Promise<number> {
  const [row] = await handle.db
    .select({ id: schema.virtualMachines.id })
    .from(schema.virtualMachines)
    .where(eq(schema.virtualMachines.name, name));
  return row.id;
}

/** Groups as [model, count, [display, exact, context, parent]] tuples: the whole answer, compactly. */
function summary(result: SearchResult) {
  return result.groups.map((g) => [
    g.model,
    g.count,
    g.hits.map((h) => [h.display, h.exact, h.context, h.parent?.display ?? null]),
  ]);
}

describe(`global search on a synced estate (${testDriver})`, () => {
  it('finds a VM by its name, alone, with a link to it and its cluster', async () => {
    const result = await globalSearch(actor, '  log-001 ');
    expect(result.q).toBe('log-001');
    expect(summary(result)).toEqual([['virtual-machines', 1, [['log-001', true, null, 'cluster1']]]]);
    const [group] = result.groups;
    const id = await vmId('log-001');
    expect(group.hits[0].href).toBe(`/virtual-machines/${id}`);
    expect(group.hits[0].id).toBe(id);
    expect(group.label).toBe('Virtual machines');
    expect(group.listHref).toBe('/virtual-machines?q=log-001');
    expect(group.countCapped).toBe(false);
  });

  it('ranks the VMs with vmid 101 first, ahead of addresses, backups and tasks that merely contain 101', async () => {
    const result = await globalSearch(actor, '101');
    expect(result.groups.map((g) => [g.model, g.count])).toEqual([
      ['virtual-machines', 2],
      ['ip-addresses', 3],
      ['backups', 5],
      ['task-history', 6],
      ['replications', 1],
    ]);
    expect(summary(result)[0]).toEqual([
      'virtual-machines',
      2,
      [
        ['app-001', true, 'VMID: 101', 'cluster2'],
        ['log-001', true, 'VMID: 101', 'cluster1'],
      ],
    ]);
    expect(result.groups[1].hits.map((h) => [h.display, h.exact])).toEqual([
      ['10.101.1.11/24', false],
      ['10.101.1.12/24', false],
      ['10.101.1.14/24', false],
    ]);
    expect(result.groups[2].hits.every((h) => h.display.startsWith('pbs:backup/vm/101/') && !h.exact)).toBe(true);
  });

  it('finds an IP address with or without its prefix length, IPv4 and IPv6', async () => {
    const expected = [['ip-addresses', 1, [['10.100.1.12/24', true, null, null]]]];
    expect(summary(await globalSearch(actor, '10.100.1.12'))).toEqual(expected);
    expect(summary(await globalSearch(actor, '10.100.1.12/24'))).toEqual(expected);
    expect(summary(await globalSearch(actor, 'FD00:64:1::A'))).toEqual([
      ['ip-addresses', 1, [['fd00:64:1::a/64', true, null, null]]],
    ]);
  });

  it('finds a VM interface by its MAC address typed in lower case', async () => {
    const result = await globalSearch(actor, 'bc:24:11:5b:d1:e9');
    // Named as the guest agent reports it (use_guest_agent_interface_name, on by default): ldap-001 runs Windows.
    expect(summary(result)).toEqual([
      ['vm-interfaces', 1, [['Ethernet', true, 'MAC address: BC:24:11:5B:D1:E9', 'ldap-001']]],
    ]);
    expect(result.groups[0].hits[0].parent?.href).toBe(`/virtual-machines/${await vmId('ldap-001')}`);
  });

  it('finds a backup by its volid, underscores matched literally', async () => {
    const volid = 'local:backup/vzdump-qemu-104-2026_11_23-07_49_35.vma.zst';
    expect(summary(await globalSearch(actor, volid))).toEqual([['backups', 1, [[volid, true, null, 'mail-001']]]]);
  });

  it('finds a task by its UPID', async () => {
    const upid = 'UPID:pve1-node1:0006FF10:24F96003:6B07B097:aptupdate::root@pam:';
    const result = await globalSearch(actor, upid);
    expect(summary(result)).toEqual([['task-history', 1, [[upid, true, null, null]]]]);
    const [task] = await handle.db
      .select({ id: schema.vmTaskHistories.id })
      .from(schema.vmTaskHistories)
      .where(eq(schema.vmTaskHistories.upid, upid));
    expect(result.groups[0].hits[0].href).toBe(`/task-history/${task.id}`);
  });

  it('finds snapshots by name, exact matches flagged', async () => {
    expect(summary(await globalSearch(actor, 'release_2_4'))).toEqual([
      [
        'snapshots',
        3,
        [
          ['release_2_4', true, null, 'k8s-master-001'],
          ['release_2_4', true, null, 'mail-001'],
          ['release_2_4', true, null, 'ci-runner-001'],
        ],
      ],
    ]);
  });

  it('returns no groups when nothing matches', async () => {
    expect(await globalSearch(actor, 'no-such-thing-anywhere')).toEqual({ q: 'no-such-thing-anywhere', groups: [] });
  });

  it('treats %, _ and quotes as literal characters', async () => {
    // As LIKE wildcards, "a%b" would match fd00:a::b/64 and "k8s_master" would match k8s-master-001.
    expect((await globalSearch(actor, 'a%b')).groups).toEqual([]);
    expect((await globalSearch(actor, 'k8s_master')).groups).toEqual([]);
    expect((await globalSearch(actor, "o'brien")).groups).toEqual([]);
    expect((await globalSearch(actor, '%%')).groups).toEqual([]);
    expect((await globalSearch(actor, 'x\\_')).groups).toEqual([]);
  });

  it('counts what the list page filtered with ?q= shows when the group searches the list fields', async () => {
    const result = await globalSearch(actor, 'pve1', 2);
    const vms = result.groups.find((g) => g.model === 'virtual-machines')!;
    expect(vms.count).toBe(6);
    expect(vms.hits).toHaveLength(2);
    const list = await listRecords(actor, 'virtual-machines', {
      page: 1,
      perPage: 50,
      sort: null,
      q: 'pve1',
      filters: {},
    });
    expect(list.rowCount).toBe(vms.count);
    expect(result.groups.map((g) => g.model)).toEqual(['virtual-machines', 'proxmox-nodes', 'devices', 'task-history']);
  });

  it('rejects texts that are too short or too long, and anonymous callers, without querying', async () => {
    for (const q of ['', ' a ', 'x'.repeat(201), 42]) {
      const error = await globalSearch(actor, q).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('validation');
    }
    expect(((await globalSearch(actor, 'a').catch((e: AppError) => e)) as AppError).fieldErrors).toEqual({
      q: ['Type at least 2 characters.'],
    });
    const anonymous = await globalSearch(null as unknown as Actor, 'log-001').catch((e: unknown) => e);
    expect((anonymous as AppError).code).toBe('unauthenticated');
  });
});

describe('global search hints in the registry', () => {
  it('cover the inventory a daily admin looks up, in this order', () => {
    expect(searchableModels().map((m) => m.meta.key)).toEqual([
      'virtual-machines',
      'proxmox-nodes',
      'devices',
      'proxmox-clusters',
      'clusters',
      'ip-addresses',
      'vm-interfaces',
      'interfaces',
      'storage',
      'backups',
      'snapshots',
      'task-history',
      'proxmox-endpoints',
      'netbox-endpoints',
      'backup-routines',
      'replications',
    ]);
  });

  it('only name fields the list search also matches, so "all N results" never shows fewer', () => {
    for (const model of allModels().filter((m) => m.meta.globalSearch)) {
      const fields = searchFields(model).map((f) => f.key);
      expect(fields.length, model.meta.key).toBeGreaterThan(0);
      expect(model.meta.list.search, model.meta.key).toEqual(expect.arrayContaining(fields));
    }
  });
});

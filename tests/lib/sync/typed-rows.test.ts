import { describe, expect, it } from 'vitest';
import { getTableColumns } from 'drizzle-orm';
import { interfaces, proxmoxStorages, tags, vmBackups, vmTaskHistories } from '@/db/schema';
import { mapNodeInterface } from '@/lib/sync/stages/network-interfaces';
import { mapStorage } from '@/lib/sync/stages/storage';
import { mapTask } from '@/lib/sync/stages/task-history';
import { mapBackup } from '@/lib/sync/stages/vm-backups';
import type { ensureRow } from '@/lib/sync/write/ensure';
import { keysOf, reconcile } from '@/lib/sync/write/reconcile';

// The sync's rows are typed by their tables: a mapper returns its table's insert type and the
// fields a reconcile compares are columns of both the stored and the desired row. The runtime
// checks below hold for what the mappers build; the `@ts-expect-error` lines are checked by
// `npm run typecheck` (tsc), which fails if a misspelled column ever compiles.

const columnsOf = (table: Parameters<typeof getTableColumns>[0]) => new Set(Object.keys(getTableColumns(table)));

const storage = mapStorage(
  {
    name: 'local',
    type: 'dir',
    content: 'backup,iso',
    shared: false,
    enabled: true,
    nodes: null,
    config: { storage: 'local', type: 'dir', path: '/var/lib/vz' },
    raw: { storage: 'local', path: '/var/lib/vz', digest: 'abc' },
  },
  1,
  null,
);

describe('typed sync rows', () => {
  it('mappers build only columns of their table', () => {
    const task = mapTask(
      {
        upid: 'UPID:pve1:1:2:3:qmstart:100:root@pam:',
        node: 'pve1',
        pid: 1,
        pstart: 2,
        starttime: new Date('2026-01-01T00:00:00Z'),
        endtime: null,
        type: 'qmstart',
        id: '100',
        user: 'root@pam',
        status: null,
      },
      1,
      new Map([[100, 7]]),
    );
    const nic = mapNodeInterface(
      {
        iface: 'vmbr0',
        type: 'bridge',
        active: true,
        cidr: null,
        cidr6: null,
        bridgePorts: null,
        mtu: 1500,
        vlanId: null,
        comments: '',
      },
      3,
    );
    const backup = mapBackup(
      {
        volid: 'local:backup/vzdump-qemu-100.vma.zst',
        storage: 'local',
        format: 'vma.zst',
        subtype: 'qemu',
        vmid: 100,
        ctime: null,
        size: 10,
        used: null,
        notes: null,
        encrypted: '0',
        verificationState: null,
        verificationUpid: null,
      },
      1,
      null,
      new Map(),
    );
    const outside = (row: object, table: Parameters<typeof getTableColumns>[0]) =>
      Object.keys(row).filter((k) => !columnsOf(table).has(k));
    expect(outside(storage, proxmoxStorages)).toEqual([]);
    expect(outside(task, vmTaskHistories)).toEqual([]);
    expect(outside(nic, interfaces)).toEqual([]);
    expect(outside(backup, vmBackups)).toEqual([]);
    expect([task.virtualMachineId, task.vmType, nic.type, backup.format]).toEqual([7, 'qemu', 'bridge', 'zst']);
  });

  it('compares and writes only the listed columns, with their types', async () => {
    const stored = { id: 5, name: 'local', path: '/old', content: 'backup,iso' };
    const plan = await reconcile({
      existing: [stored],
      desired: [storage],
      key: (r) => r.name,
      updatable: ['path', 'content'],
    });
    expect(plan.update).toEqual([{ existing: stored, changes: { path: '/var/lib/vz' } }]);
    const path: string | null | undefined = plan.update[0].changes.path;
    expect(path).toBe('/var/lib/vz');
    expect(keysOf({ name: 'x', path: null })).toEqual(['name', 'path']);
  });

  it('refuses misspelled columns at compile time', async () => {
    // @ts-expect-error `nmae` is not a column of proxmox_storages
    const typo: typeof proxmoxStorages.$inferInsert = { nmae: 'local', proxmoxEndpointId: 1, storageType: 'dir' };
    const plan = () =>
      reconcile({
        existing: [{ id: 1, name: 'local', content: 'iso' }],
        desired: [storage],
        key: (r) => r.name,
        // @ts-expect-error `contnet` is not a column of proxmox_storages
        updatable: ['contnet'],
      });
    // @ts-expect-error `slgu` is not a column of tags
    type EnsureTypo = typeof ensureRow<typeof tags, 'slgu'>;
    const ensureField: EnsureTypo | null = null;
    expect([typo.proxmoxEndpointId, (await plan()).unchanged.length, ensureField]).toEqual([1, 1, null]);
  });
});

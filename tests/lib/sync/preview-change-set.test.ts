import { describe, expect, it } from 'vitest';
import type { ChangeEntry } from '@/lib/data/change-log';
import { previewPlanView } from '@/lib/dashboard/job-sync-preview';
import { capChangeSet, changeSetOf, fieldChanges } from '@/lib/sync/preview/change-set';

// The change set a preview reports, from the change-log entries its stages wrote.

const vm = (id: number, name: string, status = 'active') => ({
  id,
  name,
  status,
  created: '2026-11-27T12:00:00.000Z',
  lastUpdated: `2026-11-27T12:00:0${id % 10}.000Z`,
  comments: '',
  clusterId: null,
});
const entries: ChangeEntry[] = [
  {
    action: 'create',
    objectType: 'virtualization.virtualmachine',
    objectId: 7,
    repr: 'new-vm',
    pre: null,
    post: vm(7, 'new-vm'),
  },
  {
    action: 'update',
    objectType: 'virtualization.virtualmachine',
    objectId: 3,
    repr: 'renamed',
    pre: vm(3, 'old-name'),
    post: { ...vm(3, 'renamed'), lastUpdated: '2026-11-28T00:00:00.000Z' },
  },
  {
    action: 'update',
    objectType: 'virtualization.virtualmachine',
    objectId: 4,
    repr: 'gone',
    pre: vm(4, 'gone'),
    post: vm(4, 'gone', 'offline'),
  },
  { action: 'delete', objectType: 'netbox_proxbox.vmsnapshot', objectId: 9, repr: 'snap1', pre: { id: 9 }, post: null },
  {
    action: 'create',
    objectType: 'virtualization.virtualmachine',
    objectId: 8,
    repr: 'second',
    pre: null,
    post: vm(8, 'second'),
  },
];

describe('sync preview change set', () => {
  it('lists the changed fields of an update, old and new, without the columns every write stamps', () => {
    expect(fieldChanges(vm(3, 'a'), { ...vm(3, 'b', 'offline'), lastUpdated: 'later' })).toEqual([
      { field: 'name', old: 'a', new: 'b' },
      { field: 'status', old: 'active', new: 'offline' },
    ]);
    expect(fieldChanges({ tags: ['x'] }, { tags: ['x'] })).toEqual([]);
    expect(fieldChanges({ a: null }, { a: 1, b: 2 })).toEqual([
      { field: 'a', old: null, new: 1 },
      { field: 'b', old: null, new: 2 },
    ]);
  });

  it('groups entries per model in the order first written, with exact counts', () => {
    const set = changeSetOf(entries);
    expect(set.models.map((m) => [m.type, m.counts])).toEqual([
      ['virtualization.virtualmachine', { creates: 2, updates: 2, deletes: 0 }],
      ['netbox_proxbox.vmsnapshot', { creates: 0, updates: 0, deletes: 1 }],
    ]);
    expect(set.totals).toEqual({ creates: 2, updates: 2, deletes: 1 });
    expect(set.rowLimit).toBeNull();
    const vms = set.models[0];
    // A created object's fields: set values only, no id or timestamps.
    expect(vms.creates[0]).toEqual({
      key: 'virtualization.virtualmachine:7',
      label: 'new-vm',
      fields: { name: 'new-vm', status: 'active' },
    });
    expect(vms.updates.map((u) => [u.remoteId, u.label, u.changes])).toEqual([
      [3, 'renamed', [{ field: 'name', old: 'old-name', new: 'renamed' }]],
      [4, 'gone', [{ field: 'status', old: 'active', new: 'offline' }]],
    ]);
    expect(set.models[1].deletes).toEqual([
      { key: 'netbox_proxbox.vmsnapshot:9', label: 'snap1', remoteId: 9, reason: 'gone from Proxmox' },
    ]);
  });

  it('caps the rows per model and kind but keeps the counts, and the run page says so', () => {
    const capped = capChangeSet(changeSetOf(entries), 1);
    expect(capped.rowLimit).toBe(1);
    expect(capped.totals).toEqual({ creates: 2, updates: 2, deletes: 1 });
    expect(capped.models[0].counts).toEqual({ creates: 2, updates: 2, deletes: 0 });
    expect(capped.models[0].creates.map((c) => c.label)).toEqual(['new-vm']);
    expect(capped.models[0].updates.map((u) => u.label)).toEqual(['renamed']);
    const view = previewPlanView(capped);
    expect(view.rowLimit).toBe(1);
    expect(view.types.map((t) => [t.type, t.counts, t.creates.length])).toEqual([
      ['Virtual machines', { creates: 2, updates: 2, deletes: 0, conflicts: 0, unchanged: 0 }, 1],
      ['VM snapshots', { creates: 0, updates: 0, deletes: 1, conflicts: 0, unchanged: 0 }, 0],
    ]);
    expect(view.totals).toEqual({ creates: 2, updates: 2, deletes: 1, conflicts: 0, unchanged: 0 });
  });
});

import { vmBackups, vmSnapshots, vmTaskHistories } from '@/db/schema';
import { defineModel } from '../define-model';

export const vmBackupModel = defineModel({
  key: 'backups',
  api: { path: 'plugins/proxbox/backups', name: 'VMBackup' },
  label: 'VM backup',
  group: 'VM data',
  objectType: 'netbox_proxbox.vmbackup',
  globalSearch: { priority: 70, fields: ['volid'] },
  table: vmBackups,
  display: (row) => String(row.volid),
  syncOwned: true,
  userFields: ['description', 'comments', 'customFields', 'notes'],
  fields: {
    volid: { label: 'Volume ID' },
    size: { label: 'Size (bytes)' },
    used: { label: 'Used (bytes)' },
    verificationUpid: { label: 'Verification UPID' },
  },
  list: {
    columns: [
      'volid',
      'virtualMachineId',
      'proxmoxStorageId',
      'format',
      'subtype',
      'size',
      'creationTime',
      'verificationState',
    ],
    defaultSort: { key: 'creationTime', desc: true },
    search: ['volid', 'storage', 'notes'],
  },
});

export const vmSnapshotModel = defineModel({
  key: 'snapshots',
  api: { path: 'plugins/proxbox/snapshots', name: 'VMSnapshot' },
  label: 'VM snapshot',
  group: 'VM data',
  objectType: 'netbox_proxbox.vmsnapshot',
  globalSearch: { priority: 80, fields: ['name'] },
  table: vmSnapshots,
  display: (row) => String(row.name),
  syncOwned: true,
  list: {
    columns: ['name', 'virtualMachineId', 'vmid', 'node', 'snaptime', 'parent', 'subtype', 'status'],
    defaultSort: { key: 'snaptime', desc: true },
    search: ['name', 'description', 'node'],
  },
});

export const vmTaskHistoryModel = defineModel({
  key: 'task-history',
  api: { path: 'plugins/proxbox/task-history', name: 'VMTaskHistory' },
  label: 'Task',
  labelPlural: 'Task history',
  group: 'VM data',
  objectType: 'netbox_proxbox.vmtaskhistory',
  globalSearch: { priority: 90, fields: ['upid'] },
  table: vmTaskHistories,
  display: (row) => String(row.upid),
  syncOwned: true,
  fields: {
    upid: { label: 'UPID' },
    pid: { label: 'PID' },
    vmType: { label: 'VM type' },
    taskId: { label: 'Task ID' },
  },
  list: {
    columns: ['upid', 'virtualMachineId', 'node', 'type', 'username', 'startTime', 'endTime', 'status'],
    defaultSort: { key: 'startTime', desc: true },
    search: ['upid', 'type', 'username', 'node', 'status'],
  },
});

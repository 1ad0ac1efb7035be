import type { PgInsertValue } from 'drizzle-orm/pg-core';
import {
  ipAddresses,
  proxmoxStorageVirtualDisks,
  taggedItems,
  virtualDisks,
  virtualMachines,
  vmBackups,
  vmInterfaces,
  vmSnapshots,
  vmTaskHistories,
} from '../schema';
import type { GuestPlan } from './guest-plan';
import { backupVolid, ipv4Address, macAddress, upid } from './identifiers';
import type { ClusterInfra } from './infra';
import type { SharedRefs } from './shared';

// Turns planned guests into insert rows. Pure: the ids of VMs, interfaces, IP addresses and
// disks were reserved beforehand (in plan order), which is what lets a VM carry its primary IP
// and every child its parent's id without a round trip.

export interface GuestRowContext {
  clusters: ClusterInfra[];
  shared: SharedRefs;
  /** First /16 second octet of each cluster (see ipv4Address). */
  addressBlocks: number[];
  syncedAt: Date;
}

export interface ReservedIds {
  vms: number[];
  /** One per interface, in plan order; the matching IP address has the same position. */
  nics: number[];
  ips: number[];
  disks: number[];
}

export interface GuestRows {
  ipAddresses: PgInsertValue<typeof ipAddresses>[];
  virtualMachines: PgInsertValue<typeof virtualMachines>[];
  vmInterfaces: PgInsertValue<typeof vmInterfaces>[];
  virtualDisks: PgInsertValue<typeof virtualDisks>[];
  storageLinks: PgInsertValue<typeof proxmoxStorageVirtualDisks>[];
  backups: PgInsertValue<typeof vmBackups>[];
  snapshots: PgInsertValue<typeof vmSnapshots>[];
  tasks: PgInsertValue<typeof vmTaskHistories>[];
  taggedItems: PgInsertValue<typeof taggedItems>[];
}

/** Interfaces and disks the plans need ids for. */
export function countChildren(plans: GuestPlan[]): { nics: number; disks: number } {
  let nics = 0;
  let disks = 0;
  for (const plan of plans) {
    nics += plan.nics;
    disks += plan.disks.length;
  }
  return { nics, disks };
}

function emptyRows(): GuestRows {
  return {
    ipAddresses: [],
    virtualMachines: [],
    vmInterfaces: [],
    virtualDisks: [],
    storageLinks: [],
    backups: [],
    snapshots: [],
    tasks: [],
    taggedItems: [],
  };
}

function addActivity(rows: GuestRows, plan: GuestPlan, vmId: number, cluster: ClusterInfra, node: string): void {
  const subtype = plan.type;
  for (const backup of plan.backups) {
    rows.backups.push({
      proxmoxEndpointId: cluster.endpointId,
      virtualMachineId: vmId,
      proxmoxStorageId: cluster.storageIds[backup.storage],
      storage: backup.storage,
      volid: backupVolid(backup.storage, plan.type, plan.vmid, backup.time),
      subtype,
      format:
        backup.storage === 'pbs' ? (plan.type === 'qemu' ? 'pbs-vm' : 'pbs-ct') : plan.type === 'qemu' ? 'zst' : 'tzst',
      creationTime: backup.time,
      size: backup.sizeBytes,
      vmid: plan.vmid,
      notes: plan.name,
      verificationState: backup.storage === 'pbs' ? 'ok' : null,
    });
  }
  for (const snapshot of plan.snapshots) {
    rows.snapshots.push({
      virtualMachineId: vmId,
      name: snapshot.name,
      description: `${snapshot.name} of ${plan.name}`,
      vmid: plan.vmid,
      node,
      snaptime: snapshot.time,
      parent: snapshot.parent,
      subtype,
    });
  }
  for (const task of plan.tasks) {
    rows.tasks.push({
      proxmoxEndpointId: cluster.endpointId,
      virtualMachineId: vmId,
      vmType: subtype,
      upid: upid(node, task.pid, task.pstart, task.start, task.type, plan.vmid),
      node,
      pid: task.pid,
      pstart: task.pstart,
      taskId: String(plan.vmid),
      type: task.type,
      username: 'root@pam',
      startTime: task.start,
      endTime: new Date(task.start.getTime() + task.durationSeconds * 1000),
      status: task.ok ? 'OK' : 'command failed: exit code 1',
      taskState: 'stopped',
      exitstatus: task.ok ? 'OK' : 'command failed: exit code 1',
    });
  }
}

/** Builds every row of a chunk of guests from their plans and reserved ids. */
export function buildGuestRows(plans: GuestPlan[], ids: ReservedIds, ctx: GuestRowContext): GuestRows {
  const rows = emptyRows();
  let nicCursor = 0;
  let diskCursor = 0;
  plans.forEach((plan, i) => {
    const vmId = ids.vms[i];
    const cluster = ctx.clusters[plan.cluster];
    const node = cluster.nodes[plan.node];
    const firstIpId = ids.ips[nicCursor];
    for (let nic = 0; nic < plan.nics; nic++, nicCursor++) {
      const nicId = ids.nics[nicCursor];
      rows.vmInterfaces.push({
        id: nicId,
        virtualMachineId: vmId,
        name: `net${nic}`,
        macAddress: macAddress(plan.index * 2 + nic),
        proxmoxBridge: 'vmbr0',
      });
      rows.ipAddresses.push({
        id: ids.ips[nicCursor],
        address: ipv4Address(ctx.addressBlocks[plan.cluster], plan.ordinal * 2 + nic),
        status: 'active',
        assignedObjectType: 'virtualization.vminterface',
        assignedObjectId: nicId,
        dnsName: nic === 0 ? `${plan.name}.${cluster.name}.example.test` : '',
        proxmoxEndpointId: cluster.endpointId,
      });
    }
    let diskMb = 0;
    for (const disk of plan.disks) {
      const diskId = ids.disks[diskCursor++];
      diskMb += disk.sizeMb;
      const format = disk.storage === 'nfs' ? 'qcow2' : 'raw';
      rows.virtualDisks.push({
        id: diskId,
        virtualMachineId: vmId,
        name: disk.name,
        size: disk.sizeMb,
        description: `Storage: ${disk.storage} | Format: ${format}`,
      });
      rows.storageLinks.push({ proxmoxStorageId: cluster.storageIds[disk.storage], virtualDiskId: diskId });
    }
    rows.virtualMachines.push({
      id: vmId,
      name: plan.name,
      virtualMachineTypeId: ctx.shared.vmTypeIds[plan.type],
      siteId: cluster.siteId,
      clusterId: cluster.netboxClusterId,
      deviceId: node.deviceId,
      status: plan.status === 'running' ? 'active' : 'offline',
      startOnBoot: plan.startOnBoot ? 'on' : 'off',
      primaryIp4Id: firstIpId,
      vcpus: plan.vcpus,
      memory: plan.memoryMb,
      disk: diskMb,
      description: `Synced from Proxmox node ${node.name}`,
      proxmoxEndpointId: cluster.endpointId,
      proxmoxClusterId: cluster.proxmoxClusterId,
      vmid: plan.vmid,
      guestType: plan.type,
      proxmoxNode: node.name,
      proxmoxStatus: plan.status,
      proxmoxName: plan.name,
      qemuAgent: plan.qemuAgent,
      unprivileged: plan.unprivileged,
      proxmoxTags: plan.proxmoxTags,
      lastSyncedAt: ctx.syncedAt,
    });
    rows.taggedItems.push({
      tagId: ctx.shared.proxboxTagId,
      objectType: 'virtualization.virtualmachine',
      objectId: vmId,
    });
    addActivity(rows, plan, vmId, cluster, node.name);
  });
  return rows;
}

// Choice values stored in text columns (NetBox stores values, not labels). Labels come from
// lib/models/choice-labels.ts. Keep values identical to NetBox's and the seed's.

export const SITE_STATUS = ['planned', 'staging', 'active', 'decommissioning', 'retired'] as const;
export const DEVICE_STATUS = [
  'offline',
  'active',
  'planned',
  'staged',
  'failed',
  'inventory',
  'decommissioning',
] as const;
export const AIRFLOW = [
  'front-to-rear',
  'rear-to-front',
  'left-to-right',
  'right-to-left',
  'side-to-rear',
  'passive',
  'mixed',
] as const;
export const SUBDEVICE_ROLE = ['parent', 'child'] as const;
export const WEIGHT_UNIT = ['kg', 'g', 'lb', 'oz'] as const;
export const DEVICE_FACE = ['front', 'rear'] as const;
/** dcim.Interface types Proxbox writes for node NICs (bridge/lag/virtual/loopback/other) plus common physical ones. */
export const INTERFACE_TYPE = [
  'virtual',
  'bridge',
  'lag',
  'loopback',
  '1000base-t',
  '2.5gbase-t',
  '10gbase-t',
  '10gbase-x-sfpp',
  '25gbase-x-sfp28',
  '40gbase-x-qsfpp',
  '100gbase-x-qsfp28',
  'other',
] as const;
export const INTERFACE_MODE = ['access', 'tagged', 'tagged-all', 'q-in-q'] as const;
export const CLUSTER_STATUS = ['planned', 'staging', 'active', 'decommissioning', 'offline'] as const;
export const VM_STATUS = ['offline', 'active', 'planned', 'staged', 'failed', 'decommissioning', 'paused'] as const;
export const VM_START_ON_BOOT = ['on', 'off', 'laststate'] as const;
export const IP_STATUS = ['active', 'reserved', 'deprecated', 'dhcp', 'slaac'] as const;
export const IP_ROLE = ['loopback', 'secondary', 'anycast', 'vip', 'vrrp', 'hsrp', 'glbp', 'carp'] as const;
/** Interfaces an IP address can be assigned to (NetBox's assigned_object_type). */
export const IP_ASSIGNED_OBJECT_TYPE = ['dcim.interface', 'virtualization.vminterface'] as const;
export const VLAN_STATUS = ['active', 'reserved', 'deprecated'] as const;
export const JOURNAL_KIND = ['info', 'success', 'warning', 'danger'] as const;
export const CHANGE_ACTION = ['create', 'update', 'delete'] as const;

export const PROXMOX_MODE = ['undefined', 'standalone', 'cluster'] as const;
export const NETBOX_TOKEN_VERSION = ['v1', 'v2'] as const;
export const PROXMOX_GUEST_TYPE = ['qemu', 'lxc'] as const;
export const BACKUP_SUBTYPE = ['undefined', 'lxc', 'ct', 'qemu', 'vm'] as const;
export const BACKUP_FORMAT = [
  'undefined',
  'pbs-vm',
  'pbs-ct',
  'zst',
  'iso',
  'tzst',
  'tgz',
  'qcow2',
  'raw',
  'tar',
  'tbz',
] as const;
export const SNAPSHOT_SUBTYPE = ['qemu', 'lxc'] as const;
/** Snapshot, backup-routine and replication status: `stale` = gone from Proxmox, kept by policy. */
export const ACTIVE_STALE = ['active', 'stale'] as const;
export const REPLICATION_JOB_TYPE = ['local'] as const;
export const REPLICATION_REMOVE_JOB = ['local', 'full'] as const;
export const PRIMARY_IP_PREFERENCE = ['ipv4', 'ipv6'] as const;
/** What the sync does with a guest that disappeared from Proxmox. */
export const STALE_VM_POLICY = ['mark', 'delete'] as const;
export const SYNC_STAGES = [
  'devices',
  'storage',
  'virtual-machines',
  'task-history',
  'vm-disks',
  'vm-backups',
  'vm-snapshots',
  'network-interfaces',
  'vm-interfaces',
  'ip-addresses',
  'replications',
  'backup-routines',
  'netbox-push',
] as const;
export const SYNC_JOB_KIND = ['full', 'stage', 'endpoint', 'object'] as const;
export const SYNC_JOB_STATUS = [
  'queued',
  'running',
  'completed',
  'completed_with_errors',
  'failed',
  'interrupted',
  'cancelled',
] as const;
/** Units of the scheduled-sync interval (settings: sync_interval × sync_interval_unit). */
export const SYNC_INTERVAL_UNITS = ['minutes', 'hours', 'days'] as const;

/**
 * The ordered overwrite_* flags: the upstream contract's 25 (fixtures/proxbox/overwrite_flags.json)
 * less the custom-field flags of clusters, node interfaces, VM interfaces and IP addresses, which
 * carry no Proxmox custom fields to overwrite (docs/sync.md, "Settings the sync follows").
 */
export const OVERWRITE_FLAGS = [
  'overwriteDeviceRole',
  'overwriteDeviceType',
  'overwriteDeviceTags',
  'overwriteDeviceStatus',
  'overwriteDeviceDescription',
  'overwriteDeviceCustomFields',
  'overwriteVmRole',
  'overwriteVmType',
  'overwriteVmTags',
  'overwriteVmProxmoxTags',
  'overwriteVmDescription',
  'overwriteVmCustomFields',
  'overwriteVmCloudinit',
  'overwriteClusterTags',
  'overwriteClusterDescription',
  'overwriteNodeInterfaceTags',
  'overwriteStorageTags',
  'overwriteVmInterfaceTags',
  'overwriteIpStatus',
  'overwriteIpTags',
  'overwriteIpAddressDnsName',
] as const;
export type OverwriteFlag = (typeof OVERWRITE_FLAGS)[number];

import { sql, type AnyColumn } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  timestamp,
  uniqueIndex,
  varchar,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { organizationalColumns, primaryColumns } from './columns';
import { CLUSTER_STATUS, INTERFACE_MODE, PROXMOX_GUEST_TYPE, VM_START_ON_BOOT, VM_STATUS } from './choices';
import { sites, tenants } from './organization';
import { deviceRoles, devices, platforms } from './dcim';
import { ipAddresses, vlans } from './ipam';
import { proxmoxEndpoints } from './proxbox-endpoints';
import { proxmoxClusters } from './proxbox-infra';

const lower = (column: AnyColumn) => sql`lower(${column})`;

export const clusterTypes = pgTable('cluster_types', { ...organizationalColumns }, (t) => [
  uniqueIndex('cluster_types_name_uniq').on(t.name),
  uniqueIndex('cluster_types_slug_uniq').on(t.slug),
]);

export const clusterGroups = pgTable('cluster_groups', { ...organizationalColumns }, (t) => [
  uniqueIndex('cluster_groups_name_uniq').on(t.name),
  uniqueIndex('cluster_groups_slug_uniq').on(t.slug),
]);

/** virtualization.Cluster; the scope is kept as NetBox 4.2+ does (type + id) with the site cached. */
export const clusters = pgTable(
  'clusters',
  {
    ...primaryColumns,
    name: varchar({ length: 100 }).notNull(),
    typeId: bigint({ mode: 'number' })
      .notNull()
      .references(() => clusterTypes.id, { onDelete: 'restrict' }),
    groupId: bigint({ mode: 'number' }).references(() => clusterGroups.id, { onDelete: 'set null' }),
    status: varchar({ length: 50, enum: CLUSTER_STATUS }).notNull().default('active'),
    tenantId: bigint({ mode: 'number' }).references(() => tenants.id, { onDelete: 'set null' }),
    scopeType: varchar({ length: 100 }),
    scopeId: bigint({ mode: 'number' }),
    siteId: bigint({ mode: 'number' }).references(() => sites.id, { onDelete: 'set null' }),
    // Sync identity: which Proxmox endpoint created this cluster (null = made by a user).
    proxmoxEndpointId: bigint({ mode: 'number' }).references((): AnyPgColumn => proxmoxEndpoints.id, {
      onDelete: 'set null',
    }),
  },
  (t) => [
    uniqueIndex('clusters_group_name_uniq').on(t.groupId, t.name),
    uniqueIndex('clusters_site_name_uniq').on(t.siteId, t.name),
    index('clusters_name_idx').on(t.name),
  ],
);

/** virtualization.VirtualMachineType (NetBox 4.6): QEMU VM vs LXC container. */
export const virtualMachineTypes = pgTable(
  'virtual_machine_types',
  {
    ...primaryColumns,
    name: varchar({ length: 100 }).notNull(),
    slug: varchar({ length: 100 }).notNull(),
    defaultPlatformId: bigint({ mode: 'number' }).references(() => platforms.id, { onDelete: 'set null' }),
    defaultVcpus: numeric({ precision: 6, scale: 2, mode: 'number' }),
    defaultMemory: integer(),
  },
  (t) => [uniqueIndex('vm_types_name_uniq').on(lower(t.name)), uniqueIndex('vm_types_slug_uniq').on(t.slug)],
);

/**
 * virtualization.VirtualMachine. Memory and disk are MB (NetBox ≥ 4.1). A synced guest is
 * identified by (proxmox endpoint, proxmox cluster, vmid) held in real columns, never by name.
 */
export const virtualMachines = pgTable(
  'virtual_machines',
  {
    ...primaryColumns,
    name: varchar({ length: 64 }).notNull(),
    virtualMachineTypeId: bigint({ mode: 'number' }).references(() => virtualMachineTypes.id, { onDelete: 'set null' }),
    siteId: bigint({ mode: 'number' }).references(() => sites.id, { onDelete: 'restrict' }),
    clusterId: bigint({ mode: 'number' }).references(() => clusters.id, { onDelete: 'restrict' }),
    deviceId: bigint({ mode: 'number' }).references(() => devices.id, { onDelete: 'set null' }),
    tenantId: bigint({ mode: 'number' }).references(() => tenants.id, { onDelete: 'set null' }),
    platformId: bigint({ mode: 'number' }).references(() => platforms.id, { onDelete: 'set null' }),
    roleId: bigint({ mode: 'number' }).references(() => deviceRoles.id, { onDelete: 'set null' }),
    status: varchar({ length: 50, enum: VM_STATUS }).notNull().default('active'),
    startOnBoot: varchar({ length: 32, enum: VM_START_ON_BOOT }).notNull().default('off'),
    primaryIp4Id: bigint({ mode: 'number' }).references((): AnyPgColumn => ipAddresses.id, { onDelete: 'set null' }),
    primaryIp6Id: bigint({ mode: 'number' }).references((): AnyPgColumn => ipAddresses.id, { onDelete: 'set null' }),
    vcpus: numeric({ precision: 6, scale: 2, mode: 'number' }),
    memory: integer(),
    disk: integer(),
    serial: varchar({ length: 50 }).notNull().default(''),
    localContextData: jsonb().$type<Record<string, unknown>>(),
    // Sync identity and Proxmox state (docs/design-decisions.md); the API derives the seed's custom fields from these.
    proxmoxEndpointId: bigint({ mode: 'number' }).references((): AnyPgColumn => proxmoxEndpoints.id, {
      onDelete: 'set null',
    }),
    proxmoxClusterId: bigint({ mode: 'number' }).references((): AnyPgColumn => proxmoxClusters.id, {
      onDelete: 'set null',
    }),
    vmid: integer(),
    guestType: varchar({ length: 8, enum: PROXMOX_GUEST_TYPE }),
    proxmoxNode: varchar({ length: 255 }),
    proxmoxStatus: varchar({ length: 32 }),
    /** Name last seen in Proxmox: tells a Proxmox-side rename from an inventory-side edit. */
    proxmoxName: varchar({ length: 255 }),
    qemuAgent: boolean(),
    unprivileged: boolean(),
    searchDomain: varchar({ length: 255 }),
    proxmoxTags: varchar({ length: 1024 }),
    /** A QEMU guest's cloud-init settings (user, ipconfigN, nameservers, key count; never the password). */
    cloudInit: jsonb(),
    lastSyncedAt: timestamp({ withTimezone: true, mode: 'date' }),
  },
  (t) => [
    uniqueIndex('vms_name_cluster_tenant_uniq').on(lower(t.name), t.clusterId, t.tenantId),
    uniqueIndex('vms_name_cluster_uniq')
      .on(lower(t.name), t.clusterId)
      .where(sql`${t.tenantId} is null`),
    uniqueIndex('vms_name_device_tenant_uniq')
      .on(lower(t.name), t.deviceId, t.tenantId)
      .where(sql`${t.clusterId} is null`),
    uniqueIndex('vms_name_device_uniq')
      .on(lower(t.name), t.deviceId)
      .where(sql`${t.clusterId} is null and ${t.tenantId} is null`),
    // vmid is unique per cluster in Proxmox; the guest type keeps a destroyed VM and a new CT with
    // its vmid apart (the seed's QEMU/LXC id-collision case).
    uniqueIndex('vms_proxmox_identity_uniq').on(t.proxmoxEndpointId, t.proxmoxClusterId, t.vmid, t.guestType),
    index('vms_name_idx').on(t.name, t.id),
    index('vms_cluster_name_idx').on(t.clusterId, t.name, t.id),
    index('vms_device_idx').on(t.deviceId),
    index('vms_status_idx').on(t.status),
    index('vms_vmid_idx').on(t.vmid),
    index('vms_name_trgm_idx').using('gin', t.name.op('gin_trgm_ops')),
    index('vms_description_trgm_idx').using('gin', t.description.op('gin_trgm_ops')),
    // Global search's exact match on lower(text) (lower(name) leads the unique indexes above); a
    // hash index because a description may be longer than a btree entry can hold.
    index('vms_description_lower_idx').using('hash', lower(t.description)),
  ],
);

/** virtualization.VMInterface; the MAC is kept as NetBox's read-only `mac_address` string. */
export const vmInterfaces = pgTable(
  'vm_interfaces',
  {
    ...primaryColumns,
    virtualMachineId: bigint({ mode: 'number' })
      .notNull()
      .references(() => virtualMachines.id, { onDelete: 'cascade' }),
    name: varchar({ length: 64 }).notNull(),
    enabled: boolean().notNull().default(true),
    parentId: bigint({ mode: 'number' }).references((): AnyPgColumn => vmInterfaces.id, { onDelete: 'set null' }),
    bridgeId: bigint({ mode: 'number' }).references((): AnyPgColumn => vmInterfaces.id, { onDelete: 'set null' }),
    mtu: integer(),
    mode: varchar({ length: 50, enum: INTERFACE_MODE }),
    untaggedVlanId: bigint({ mode: 'number' }).references((): AnyPgColumn => vlans.id, { onDelete: 'set null' }),
    macAddress: varchar({ length: 18 }),
    /** The node bridge (vmbrN) this NIC plugs into — the seed's `proxbox_bridge` custom field. */
    proxmoxBridge: varchar({ length: 64 }),
    /**
     * The guest config key (net0) the sync identifies a NIC by; `name` may be the guest agent's
     * (ens18). Empty on interfaces users made.
     */
    proxmoxKey: varchar({ length: 16 }),
  },
  (t) => [
    uniqueIndex('vm_interfaces_vm_name_uniq').on(t.virtualMachineId, t.name),
    index('vm_interfaces_mac_idx').on(t.macAddress),
    // Global search matches MACs in any case and by fragment (ILIKE), which a btree cannot serve.
    index('vm_interfaces_mac_trgm_idx').using('gin', t.macAddress.op('gin_trgm_ops')),
    // Global search's exact match (any case); the trigram index cannot narrow the shared "BC:24:11".
    index('vm_interfaces_mac_lower_idx').on(lower(t.macAddress)),
  ],
);

/** virtualization.VirtualDisk; size in MB. */
export const virtualDisks = pgTable(
  'virtual_disks',
  {
    ...primaryColumns,
    virtualMachineId: bigint({ mode: 'number' })
      .notNull()
      .references(() => virtualMachines.id, { onDelete: 'cascade' }),
    name: varchar({ length: 64 }).notNull(),
    size: integer().notNull(),
  },
  (t) => [uniqueIndex('virtual_disks_vm_name_uniq').on(t.virtualMachineId, t.name)],
);

export type Cluster = typeof clusters.$inferSelect;
export type VirtualMachine = typeof virtualMachines.$inferSelect;
export type NewVirtualMachine = typeof virtualMachines.$inferInsert;
export type VMInterface = typeof vmInterfaces.$inferSelect;
export type VirtualDisk = typeof virtualDisks.$inferSelect;

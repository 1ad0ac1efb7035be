import { sql, type AnyColumn } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  uniqueIndex,
  varchar,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { organizationalColumns, primaryColumns } from './columns';
import {
  AIRFLOW,
  DEVICE_FACE,
  DEVICE_STATUS,
  INTERFACE_MODE,
  INTERFACE_TYPE,
  SUBDEVICE_ROLE,
  WEIGHT_UNIT,
} from './choices';
import { sites, tenants } from './organization';
import { clusters } from './virtualization';
import { ipAddresses, vlans } from './ipam';
import { proxmoxEndpoints } from './proxbox-endpoints';

const lower = (column: AnyColumn) => sql`lower(${column})`;

export const manufacturers = pgTable('manufacturers', { ...organizationalColumns }, (t) => [
  uniqueIndex('manufacturers_name_uniq').on(t.name),
  uniqueIndex('manufacturers_slug_uniq').on(t.slug),
]);

/** dcim.Platform: the OS or firmware a device or VM runs. */
export const platforms = pgTable(
  'platforms',
  {
    ...organizationalColumns,
    manufacturerId: bigint({ mode: 'number' }).references(() => manufacturers.id, { onDelete: 'set null' }),
  },
  (t) => [uniqueIndex('platforms_name_uniq').on(t.name), uniqueIndex('platforms_slug_uniq').on(t.slug)],
);

export const deviceTypes = pgTable(
  'device_types',
  {
    ...primaryColumns,
    manufacturerId: bigint({ mode: 'number' })
      .notNull()
      .references(() => manufacturers.id, { onDelete: 'restrict' }),
    model: varchar({ length: 100 }).notNull(),
    slug: varchar({ length: 100 }).notNull(),
    defaultPlatformId: bigint({ mode: 'number' }).references(() => platforms.id, { onDelete: 'set null' }),
    partNumber: varchar({ length: 50 }).notNull().default(''),
    uHeight: numeric({ precision: 4, scale: 1, mode: 'number' }).notNull().default(1),
    excludeFromUtilization: boolean().notNull().default(false),
    isFullDepth: boolean().notNull().default(true),
    subdeviceRole: varchar({ length: 50, enum: SUBDEVICE_ROLE }),
    airflow: varchar({ length: 50, enum: AIRFLOW }),
    weight: numeric({ precision: 8, scale: 2, mode: 'number' }),
    weightUnit: varchar({ length: 50, enum: WEIGHT_UNIT }),
  },
  (t) => [
    uniqueIndex('device_types_manufacturer_model_uniq').on(t.manufacturerId, t.model),
    uniqueIndex('device_types_manufacturer_slug_uniq').on(t.manufacturerId, t.slug),
  ],
);

/** dcim.DeviceRole (nested since NetBox 4.3); `vm_role` must be true to assign it to VMs. */
export const deviceRoles = pgTable(
  'device_roles',
  {
    ...organizationalColumns,
    parentId: bigint({ mode: 'number' }).references((): AnyPgColumn => deviceRoles.id, { onDelete: 'cascade' }),
    color: varchar({ length: 6 }).notNull().default('9e9e9e'),
    vmRole: boolean().notNull().default(true),
  },
  (t) => [
    uniqueIndex('device_roles_parent_name_uniq').on(t.parentId, t.name),
    uniqueIndex('device_roles_parent_slug_uniq').on(t.parentId, t.slug),
    uniqueIndex('device_roles_toplevel_name_uniq')
      .on(t.name)
      .where(sql`${t.parentId} is null`),
    uniqueIndex('device_roles_toplevel_slug_uniq')
      .on(t.slug)
      .where(sql`${t.parentId} is null`),
  ],
);

/** dcim.Device; Proxmox nodes are devices identified by (proxmox endpoint, node name). */
export const devices = pgTable(
  'devices',
  {
    ...primaryColumns,
    name: varchar({ length: 64 }),
    deviceTypeId: bigint({ mode: 'number' })
      .notNull()
      .references(() => deviceTypes.id, { onDelete: 'restrict' }),
    roleId: bigint({ mode: 'number' })
      .notNull()
      .references(() => deviceRoles.id, { onDelete: 'restrict' }),
    siteId: bigint({ mode: 'number' })
      .notNull()
      .references(() => sites.id, { onDelete: 'restrict' }),
    tenantId: bigint({ mode: 'number' }).references(() => tenants.id, { onDelete: 'set null' }),
    platformId: bigint({ mode: 'number' }).references(() => platforms.id, { onDelete: 'set null' }),
    serial: varchar({ length: 50 }).notNull().default(''),
    assetTag: varchar({ length: 50 }),
    status: varchar({ length: 50, enum: DEVICE_STATUS }).notNull().default('active'),
    airflow: varchar({ length: 50, enum: AIRFLOW }),
    face: varchar({ length: 50, enum: DEVICE_FACE }),
    primaryIp4Id: bigint({ mode: 'number' }).references((): AnyPgColumn => ipAddresses.id, { onDelete: 'set null' }),
    primaryIp6Id: bigint({ mode: 'number' }).references((): AnyPgColumn => ipAddresses.id, { onDelete: 'set null' }),
    oobIpId: bigint({ mode: 'number' }).references((): AnyPgColumn => ipAddresses.id, { onDelete: 'set null' }),
    clusterId: bigint({ mode: 'number' }).references((): AnyPgColumn => clusters.id, { onDelete: 'set null' }),
    latitude: numeric({ precision: 8, scale: 6, mode: 'number' }),
    longitude: numeric({ precision: 9, scale: 6, mode: 'number' }),
    localContextData: jsonb().$type<Record<string, unknown>>(),
    // Sync identity (docs/design-decisions.md): the endpoint and node name this device mirrors, if any.
    proxmoxEndpointId: bigint({ mode: 'number' }).references((): AnyPgColumn => proxmoxEndpoints.id, {
      onDelete: 'set null',
    }),
    proxmoxNode: varchar({ length: 255 }),
  },
  (t) => [
    uniqueIndex('devices_name_site_tenant_uniq').on(lower(t.name), t.siteId, t.tenantId),
    uniqueIndex('devices_name_site_uniq')
      .on(lower(t.name), t.siteId)
      .where(sql`${t.tenantId} is null`),
    uniqueIndex('devices_asset_tag_uniq').on(t.assetTag),
    uniqueIndex('devices_proxmox_identity_uniq').on(t.proxmoxEndpointId, t.proxmoxNode),
    index('devices_cluster_idx').on(t.clusterId),
    index('devices_name_idx').on(t.name),
  ],
);

/** dcim.Interface: node NICs, bridges (vmbrN) and bonds. */
export const interfaces = pgTable(
  'interfaces',
  {
    ...primaryColumns,
    deviceId: bigint({ mode: 'number' })
      .notNull()
      .references(() => devices.id, { onDelete: 'cascade' }),
    name: varchar({ length: 64 }).notNull(),
    label: varchar({ length: 64 }).notNull().default(''),
    type: varchar({ length: 50, enum: INTERFACE_TYPE }).notNull().default('other'),
    enabled: boolean().notNull().default(true),
    parentId: bigint({ mode: 'number' }).references((): AnyPgColumn => interfaces.id, { onDelete: 'set null' }),
    bridgeId: bigint({ mode: 'number' }).references((): AnyPgColumn => interfaces.id, { onDelete: 'set null' }),
    lagId: bigint({ mode: 'number' }).references((): AnyPgColumn => interfaces.id, { onDelete: 'set null' }),
    mtu: integer(),
    macAddress: varchar({ length: 18 }),
    mgmtOnly: boolean().notNull().default(false),
    mode: varchar({ length: 50, enum: INTERFACE_MODE }),
    untaggedVlanId: bigint({ mode: 'number' }).references((): AnyPgColumn => vlans.id, { onDelete: 'set null' }),
    markConnected: boolean().notNull().default(false),
  },
  (t) => [uniqueIndex('interfaces_device_name_uniq').on(t.deviceId, t.name)],
);

export type Manufacturer = typeof manufacturers.$inferSelect;
export type DeviceType = typeof deviceTypes.$inferSelect;
export type DeviceRole = typeof deviceRoles.$inferSelect;
export type Device = typeof devices.$inferSelect;
export type NewDevice = typeof devices.$inferInsert;
export type Interface = typeof interfaces.$inferSelect;

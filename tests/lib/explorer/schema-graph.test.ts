import { describe, expect, it } from 'vitest';
import { is, sql } from 'drizzle-orm';
import { bigint, bigserial, getTableConfig, PgTable, pgTable, text, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import { getTableConfig as getSqliteConfig, integer, SQLiteTable, sqliteTable } from 'drizzle-orm/sqlite-core';
import { toSnakeCase } from 'drizzle-orm/casing';
import * as inventory from '@/db/schema';
import * as backend from '@/db/backend/schema';
import { DOMAINS } from '@/lib/explorer/domains';
import { buildSchemaGraph, type SchemaSource } from '@/lib/explorer/schema-graph';
import { layoutSchemaGraph, ENTITY_HEIGHT, ENTITY_WIDTH } from '@/lib/explorer/schema-layout';
import { modelRefs, schemaSources } from '@/lib/explorer/schema-sources';
import { allModels } from '@/lib/models/registry';

// Expectations are read from Drizzle's table configs directly (or written out for the seed's
// diagrams), not from the explorer's own helpers.

const graph = buildSchemaGraph(schemaSources(), modelRefs());
const pgTables = (Object.values(inventory) as unknown[]).filter((v): v is PgTable => is(v, PgTable));
const sqliteTables = (Object.values(backend) as unknown[]).filter((v): v is SQLiteTable => is(v, SQLiteTable));
const name = (column: { name: string; keyAsName?: boolean }) =>
  column.keyAsName ? toSnakeCase(column.name) : column.name;

interface ExpectedFk {
  target: string;
  source: string;
  columns: string[];
}

function expectedForeignKeys(): ExpectedFk[] {
  const pg = pgTables.flatMap((t) =>
    getTableConfig(t).foreignKeys.map((fk) => {
      const ref = fk.reference();
      return {
        target: `pg:${getTableConfig(t).name}`,
        source: `pg:${getTableConfig(ref.foreignTable).name}`,
        columns: ref.columns.map(name),
      };
    }),
  );
  const lite = sqliteTables.flatMap((t) => {
    const config = getSqliteConfig(t);
    return config.foreignKeys.map((fk) => {
      const ref = fk.reference();
      return {
        target: `sqlite:${config.name}`,
        source: `sqlite:${getSqliteConfig(ref.foreignTable).name}`,
        columns: ref.columns.map(name),
      };
    });
  });
  return [...pg, ...lite];
}

describe('schema graph of the real schema', () => {
  it('has every table of both databases as one node in exactly one known domain', () => {
    const expected = [
      ...pgTables.map((t) => `pg:${getTableConfig(t).name}`),
      ...sqliteTables.map((t) => `sqlite:${getSqliteConfig(t).name}`),
    ].sort();
    expect(graph.nodes.map((n) => n.id).sort()).toEqual(expected);
    expect(new Set(graph.nodes.map((n) => n.id)).size).toBe(graph.nodes.length);
    const domainKeys = DOMAINS.map((d) => d.key);
    for (const node of graph.nodes) expect(domainKeys, node.id).toContain(node.domain);
    expect(graph.domains.map((d) => d.key)).toEqual(domainKeys);
    const domainOf = (id: string) => graph.nodes.find((n) => n.id === id)?.domain;
    expect(['pg:proxmox_endpoints', 'pg:netbox_endpoints', 'pg:fastapi_endpoints'].map(domainOf)).toEqual([
      'endpoints',
      'endpoints',
      'endpoints',
    ]);
    expect(
      ['pg:proxmox_clusters', 'pg:proxmox_nodes', 'pg:proxmox_storages', 'pg:proxmox_storage_virtual_disks'].map(
        domainOf,
      ),
    ).toEqual(Array(4).fill('infrastructure'));
    expect(['pg:vm_backups', 'pg:vm_snapshots', 'pg:vm_task_histories'].map(domainOf)).toEqual(
      Array(3).fill('vm-data'),
    );
    expect(
      ['pg:backup_routines', 'pg:replications', 'pg:proxbox_plugin_settings', 'pg:sync_jobs'].map(domainOf),
    ).toEqual(Array(4).fill('operational'));
    expect(['pg:virtual_machines', 'pg:devices', 'pg:ip_addresses', 'pg:clusters'].map(domainOf)).toEqual(
      Array(4).fill('netbox-core'),
    );
    expect(
      graph.nodes
        .filter((n) => n.domain === 'backend')
        .map((n) => n.table)
        .sort(),
    ).toEqual(['api_key', 'api_key_bootstrap_claim', 'auth_lockout', 'netbox_endpoint', 'proxmox_endpoint']);
  });

  it('turns every foreign key into exactly one edge with its source, target and columns', () => {
    const expected = expectedForeignKeys();
    const fkEdges = graph.edges.filter((e) => e.kind === 'fk');
    expect(fkEdges).toHaveLength(expected.length);
    for (const fk of expected) {
      const matches = fkEdges.filter((e) => e.target === fk.target && e.columns.join() === fk.columns.join());
      expect(matches, `${fk.target}(${fk.columns})`).toHaveLength(1);
      expect(matches[0].source, `${fk.target}(${fk.columns})`).toBe(fk.source);
    }
    // Only one foreign key column is unique on its own (one push state per NetBox endpoint): 1:1; the rest are 1:N.
    expect(fkEdges.filter((e) => e.cardinality === '1:1').map((e) => [e.source, e.target, e.columns])).toEqual([
      ['pg:netbox_endpoints', 'pg:netbox_push_state', ['endpoint_id']],
    ]);
    expect(fkEdges.filter((e) => e.cardinality !== '1:1').every((e) => e.cardinality === '1:N')).toBe(true);
  });

  it("contains the seed diagram's relationships with their delete rules", () => {
    const edge = (source: string, target: string, column: string) =>
      graph.edges.find(
        (e) => e.kind === 'fk' && e.source === `pg:${source}` && e.target === `pg:${target}` && e.columns[0] === column,
      );
    expect(edge('proxmox_endpoints', 'proxmox_clusters', 'proxmox_endpoint_id')).toMatchObject({
      cardinality: '1:N',
      onDelete: 'cascade',
    });
    expect(edge('proxmox_endpoints', 'proxmox_nodes', 'proxmox_endpoint_id')).toMatchObject({
      cardinality: '1:N',
      onDelete: 'cascade',
    });
    expect(edge('proxmox_endpoints', 'proxmox_storages', 'proxmox_endpoint_id')).toMatchObject({
      cardinality: '1:N',
      onDelete: 'cascade',
    });
    expect(edge('proxmox_endpoints', 'backup_routines', 'proxmox_endpoint_id')).toMatchObject({
      cardinality: '1:N',
      onDelete: 'cascade',
    });
    expect(edge('proxmox_endpoints', 'replications', 'proxmox_endpoint_id')).toMatchObject({
      cardinality: '1:N',
      onDelete: 'cascade',
    });
    expect(edge('proxmox_clusters', 'proxmox_nodes', 'proxmox_cluster_id')).toMatchObject({
      cardinality: '1:N',
      onDelete: 'set null',
    });
    expect(edge('proxmox_storages', 'proxmox_storage_virtual_disks', 'proxmox_storage_id')).toMatchObject({
      cardinality: '1:N',
      onDelete: 'cascade',
    });
    expect(edge('clusters', 'proxmox_clusters', 'netbox_cluster_id')).toMatchObject({
      cardinality: '1:N',
      onDelete: 'set null',
    });
    expect(edge('devices', 'proxmox_nodes', 'netbox_device_id')).toMatchObject({
      cardinality: '1:N',
      onDelete: 'set null',
    });
    expect(edge('virtual_machines', 'vm_backups', 'virtual_machine_id')).toMatchObject({
      cardinality: '1:N',
      onDelete: 'cascade',
    });
    expect(edge('virtual_machines', 'vm_snapshots', 'virtual_machine_id')).toMatchObject({
      cardinality: '1:N',
      onDelete: 'cascade',
    });
    expect(edge('virtual_machines', 'vm_task_histories', 'virtual_machine_id')).toMatchObject({
      cardinality: '1:N',
      onDelete: 'cascade',
    });
    expect(edge('ip_addresses', 'proxmox_endpoints', 'ip_address_id')).toMatchObject({ onDelete: 'restrict' });
    expect(edge('device_roles', 'device_roles', 'parent_id')).toMatchObject({ onDelete: 'cascade' });
  });

  it('links the two sides of a join table N:M through it', () => {
    expect(graph.edges.filter((e) => e.kind === 'through')).toEqual([
      {
        id: 'nm:pg:proxmox_storage_virtual_disks',
        kind: 'through',
        source: 'pg:proxmox_storages',
        target: 'pg:virtual_disks',
        columns: ['proxmox_storage_id', 'virtual_disk_id'],
        cardinality: 'N:M',
        onDelete: null,
        via: 'pg:proxmox_storage_virtual_disks',
      },
    ]);
  });

  it('leaves no edge dangling', () => {
    const ids = new Set(graph.nodes.map((n) => n.id));
    for (const e of graph.edges) {
      expect(ids.has(e.source), e.id).toBe(true);
      expect(ids.has(e.target), e.id).toBe(true);
      if (e.via) expect(ids.has(e.via), e.id).toBe(true);
    }
  });

  it('links registered tables to their model and marks keys on fields', () => {
    expect(graph.nodes.filter((n) => n.modelKey).length).toBe(allModels().length);
    const vms = graph.nodes.find((n) => n.id === 'pg:virtual_machines')!;
    expect(vms).toMatchObject({ modelKey: 'virtual-machines', label: 'Virtual machine' });
    expect(vms.fields.find((f) => f.name === 'id')).toEqual({
      name: 'id',
      type: 'bigserial',
      nullable: false,
      pk: true,
      fk: null,
      unique: false,
    });
    expect(vms.fields.find((f) => f.name === 'cluster_id')).toEqual({
      name: 'cluster_id',
      type: 'bigint',
      nullable: true,
      pk: false,
      fk: 'pg:clusters',
      unique: false,
    });
    expect(graph.nodes.find((n) => n.id === 'pg:sync_events')).toMatchObject({ modelKey: null, label: 'Sync events' });
    const apiKey = graph.nodes.find((n) => n.id === 'sqlite:api_key')!;
    expect(apiKey.modelKey).toBeNull();
    expect(apiKey.fields.find((f) => f.name === 'key_id')).toMatchObject({ type: 'text', unique: true, pk: false });
    expect(graph.nodes.find((n) => n.id === 'sqlite:auth_lockout')!.fields.find((f) => f.name === 'ip')).toMatchObject({
      pk: true,
    });
  });

  it('lays every entity out inside its domain box, without overlaps', () => {
    const laid = layoutSchemaGraph(graph);
    const rects = graph.nodes.map((n) => ({ id: n.id, ...laid.positions[n.id] }));
    for (const r of rects) {
      const box = laid.boxes.find((b) => b.domain === graph.nodes.find((n) => n.id === r.id)!.domain)!;
      expect(
        r.x >= box.x &&
          r.y >= box.y &&
          r.x + ENTITY_WIDTH <= box.x + box.width &&
          r.y + ENTITY_HEIGHT <= box.y + box.height,
        r.id,
      ).toBe(true);
    }
    for (const a of rects)
      for (const b of rects) {
        if (a.id >= b.id) continue;
        const overlap =
          a.x < b.x + ENTITY_WIDTH &&
          b.x < a.x + ENTITY_WIDTH &&
          a.y < b.y + ENTITY_HEIGHT &&
          b.y < a.y + ENTITY_HEIGHT;
        expect(overlap, `${a.id} / ${b.id}`).toBe(false);
      }
  });
});

describe('schema graph rules on a small schema', () => {
  const owners = pgTable('owners', {
    id: bigserial({ mode: 'number' }).primaryKey(),
    name: varchar({ length: 50 }).notNull(),
  });
  const profiles = pgTable('profiles', {
    id: bigserial({ mode: 'number' }).primaryKey(),
    ownerId: bigint({ mode: 'number' })
      .notNull()
      .references(() => owners.id)
      .unique(),
  });
  const pets = pgTable(
    'pets',
    {
      id: bigserial({ mode: 'number' }).primaryKey(),
      ownerId: bigint({ mode: 'number' }).references(() => owners.id, { onDelete: 'cascade' }),
      name: text().notNull(),
    },
    (t) => [
      uniqueIndex('pets_owner_name').on(t.ownerId, t.name),
      uniqueIndex('pets_owner_partial')
        .on(t.ownerId)
        .where(sql`${t.name} <> ''`),
    ],
  );
  const toys = pgTable('toys', { id: bigserial({ mode: 'number' }).primaryKey() });
  const petToys = pgTable(
    'pet_toys',
    {
      id: bigserial({ mode: 'number' }).primaryKey(),
      petId: bigint({ mode: 'number' })
        .notNull()
        .references(() => pets.id),
      toyId: bigint({ mode: 'number' })
        .notNull()
        .references(() => toys.id),
    },
    (t) => [uniqueIndex('pet_toys_uniq').on(t.petId, t.toyId)],
  );
  const loans = pgTable(
    'loans',
    {
      id: bigserial({ mode: 'number' }).primaryKey(),
      petId: bigint({ mode: 'number' })
        .notNull()
        .references(() => pets.id),
      toyId: bigint({ mode: 'number' })
        .notNull()
        .references(() => toys.id),
      note: text(),
    },
    (t) => [uniqueIndex('loans_uniq').on(t.petId, t.toyId)],
  );
  const vets = sqliteTable('vets', { id: integer().primaryKey() });
  const visits = sqliteTable('visits', { id: integer().primaryKey(), vetId: integer().references(() => vets.id) });
  const sources: SchemaSource[] = [
    { dialect: 'pg', domain: 'netbox-core', tables: [owners, profiles, pets, toys, petToys, loans] },
    { dialect: 'sqlite', domain: 'backend', tables: [vets, visits] },
  ];
  const small = buildSchemaGraph(sources, [{ table: 'pets', key: 'pets', label: 'Pet' }]);
  const fk = (target: string, column: string) =>
    small.edges.find((e) => e.kind === 'fk' && e.target === target && e.columns.join() === column);

  it('derives 1:1 from a unique foreign key and 1:N otherwise (composite or partial uniques do not count)', () => {
    expect(fk('pg:profiles', 'owner_id')).toMatchObject({ source: 'pg:owners', cardinality: '1:1' });
    expect(fk('pg:pets', 'owner_id')).toMatchObject({ source: 'pg:owners', cardinality: '1:N', onDelete: 'cascade' });
    expect(fk('sqlite:visits', 'vet_id')).toMatchObject({ source: 'sqlite:vets', cardinality: '1:N' });
    expect(small.edges.filter((e) => e.kind === 'fk')).toHaveLength(7);
  });

  it('makes a pure link table N:M, and a table with data of its own two 1:N relations', () => {
    expect(small.edges.filter((e) => e.kind === 'through')).toEqual([
      {
        id: 'nm:pg:pet_toys',
        kind: 'through',
        source: 'pg:pets',
        target: 'pg:toys',
        columns: ['pet_id', 'toy_id'],
        cardinality: 'N:M',
        onDelete: null,
        via: 'pg:pet_toys',
      },
    ]);
  });

  it('names the model of registered tables only and lists only the domains in use', () => {
    expect(small.nodes.find((n) => n.id === 'pg:pets')).toMatchObject({ modelKey: 'pets', label: 'Pet' });
    expect(small.nodes.find((n) => n.id === 'pg:pet_toys')).toMatchObject({ modelKey: null, label: 'Pet toys' });
    expect(small.domains.map((d) => d.key)).toEqual(['netbox-core', 'backend']);
  });

  it('refuses a foreign key to a table outside the sources instead of drawing a dangling edge', () => {
    expect(() => buildSchemaGraph([{ dialect: 'pg', domain: 'netbox-core', tables: [pets] }], [])).toThrow(
      "Foreign key pg:pets(owner_id) references a table outside the explorer's schema sources.",
    );
  });
});

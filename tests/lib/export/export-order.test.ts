import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '@/db/schema';
import type { DatabaseHandle } from '@/db/client';
import type { Actor } from '@/lib/data/actor';
import { AppError } from '@/lib/data/errors';
import { toDTOs } from '@/lib/data/dto';
import { createRecord, listRecords } from '@/lib/data/records';
import { parseCsv } from '@/lib/export/csv';
import { exportStream, type ExportSpec } from '@/lib/export/export-stream';
import type { ListQuery } from '@/lib/models/types';
import { getModel } from '@/lib/models/registry';
import { closeTestDatabase, openTestDatabase, testDriver } from '../../helpers/db';

// An export is the list in the list's order: the same ORDER BY (sort field, then id), read in
// keyset batches small enough that ties and NULLs straddle batch boundaries.

let handle: DatabaseHandle;
let user: Actor;
const vms = getModel('virtual-machines')!;
/** Memory per VM, in creation (id) order: ties and NULLs on purpose. */
const MEMORY = [2048, null, 1024, 2048, null, 4096, 1024, 2048, null, 512, 2048, 4096, 1024];
const NAMES = [
  'kilo',
  'alpha',
  'mike',
  'echo',
  'golf',
  'bravo',
  'lima',
  'delta',
  'juliet',
  'hotel',
  'charlie',
  'foxtrot',
  'india',
];

async function exportedNames(sort: ListQuery['sort'], over: Partial<ExportSpec> = {}): Promise<string[]> {
  const stream = await exportStream(user, {
    model: vms,
    format: 'csv',
    shape: 'view',
    query: { q: '', filters: {}, sort },
    columns: ['name', 'memory'],
    origin: 'http://proxbox.test',
    batchSize: 3,
    ...over,
  });
  const text = await new Response(stream).text();
  if (over.format === 'json') return (JSON.parse(text) as { Name: string }[]).map((o) => o.Name);
  return parseCsv(text)
    .slice(1)
    .map((r) => r[0]);
}

async function listedNames(sort: ListQuery['sort']): Promise<string[]> {
  const { rows } = await listRecords(user, 'virtual-machines', { page: 1, perPage: 1000, sort, q: '', filters: {} });
  return rows.map((r) => r.name as string);
}

beforeAll(async () => {
  handle = await openTestDatabase();
  const [admin] = await handle.db.insert(users).values({ username: 'order-exporter', passwordHash: 'x' }).returning();
  user = { kind: 'user', userId: admin.id, username: 'order-exporter', role: 'admin' };
  const type = await createRecord(user, 'cluster-types', { name: 'Proxmox', slug: 'proxmox' });
  const cluster = await createRecord(user, 'clusters', { name: 'Lab', typeId: type.id });
  for (const [i, name] of NAMES.entries()) {
    await createRecord(user, 'virtual-machines', { name, clusterId: cluster.id, memory: MEMORY[i], status: 'active' });
  }
  // Microsecond timestamps JavaScript's Date cannot hold, three of them equal: a keyset that
  // round-tripped them through Date would repeat or skip rows.
  const stamp = (at: string, where: string) =>
    handle.db.execute(sql.raw(`update virtual_machines set last_updated = '${at}' where ${where}`));
  await stamp('2026-03-01 10:00:00.123456+00', 'id in (2, 5, 9)');
  await stamp('2026-03-01 10:00:00.123457+00', 'id in (1, 13)');
  await stamp('2026-03-01 10:00:00.123455+00', 'id not in (1, 2, 5, 9, 13)');
});
afterAll(closeTestDatabase);

describe(`export order (${testDriver})`, () => {
  it('follows an ascending sort with ties broken by id and NULLs last, as the list does', async () => {
    const expected = [
      'hotel',
      'mike',
      'lima',
      'india',
      'kilo',
      'echo',
      'delta',
      'charlie',
      'bravo',
      'foxtrot',
      'alpha',
      'golf',
      'juliet',
    ];
    expect(await listedNames({ key: 'memory', desc: false })).toEqual(expected);
    expect(await exportedNames({ key: 'memory', desc: false })).toEqual(expected);
  });

  it('follows a descending sort with NULLs first and ties by descending id, in CSV and JSON', async () => {
    const expected = [
      'juliet',
      'golf',
      'alpha',
      'foxtrot',
      'bravo',
      'charlie',
      'delta',
      'echo',
      'kilo',
      'india',
      'lima',
      'mike',
      'hotel',
    ];
    expect(await listedNames({ key: 'memory', desc: true })).toEqual(expected);
    expect(await exportedNames({ key: 'memory', desc: true })).toEqual(expected);
    expect(await exportedNames({ key: 'memory', desc: true }, { format: 'json' })).toEqual(expected);
  });

  it('keeps microsecond timestamps exact across batches, in both directions', async () => {
    const ascending = [
      'mike',
      'echo',
      'bravo',
      'lima',
      'delta',
      'hotel',
      'charlie',
      'foxtrot',
      'alpha',
      'golf',
      'juliet',
      'kilo',
      'india',
    ];
    expect(await exportedNames({ key: 'lastUpdated', desc: false })).toEqual(ascending);
    expect(await listedNames({ key: 'lastUpdated', desc: false })).toEqual(ascending);
    const descending = [
      'india',
      'kilo',
      'juliet',
      'golf',
      'alpha',
      'foxtrot',
      'charlie',
      'hotel',
      'delta',
      'lima',
      'bravo',
      'echo',
      'mike',
    ];
    expect(await exportedNames({ key: 'lastUpdated', desc: true })).toEqual(descending);
    expect(await listedNames({ key: 'lastUpdated', desc: true })).toEqual(descending);
  });

  it('uses the model default when no sort is given, and sorts by id alone both ways', async () => {
    const byName = [...NAMES].sort();
    expect(await exportedNames(null)).toEqual(byName);
    expect(await listedNames(null)).toEqual(byName);
    expect(await exportedNames({ key: 'name', desc: true })).toEqual([...byName].reverse());
    expect(await exportedNames({ key: 'id', desc: true })).toEqual([...NAMES].reverse());
    expect(await exportedNames({ key: 'id', desc: false })).toEqual(NAMES);
  });

  it('keeps the order within a filter whatever the batch size', async () => {
    const filter = { q: '', filters: { memory__gte: ['2048'] } };
    const expected = ['foxtrot', 'bravo', 'charlie', 'delta', 'echo', 'kilo'];
    expect(
      await exportedNames({ key: 'memory', desc: true }, { query: { ...filter, sort: { key: 'memory', desc: true } } }),
    ).toEqual(expected);
    expect(
      await exportedNames(null, { query: { ...filter, sort: { key: 'memory', desc: true } }, batchSize: 1 }),
    ).toEqual(expected);
    expect(
      await exportedNames(null, { query: { ...filter, sort: { key: 'memory', desc: true } }, batchSize: 1000 }),
    ).toEqual(expected);
  });

  it('refuses a sort the list cannot honour before streaming', async () => {
    const err = await exportStream(user, {
      model: vms,
      format: 'csv',
      shape: 'view',
      query: { q: '', filters: {}, sort: { key: 'nonexistent', desc: false } },
      columns: ['name'],
      origin: 'http://proxbox.test',
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('validation');
    expect((err as AppError).fieldErrors).toEqual({ sort: ['Unknown sort key "nonexistent".'] });
  });

  it('builds the view from DTOs of the visible columns only', async () => {
    const [row] = (await handle.db
      .select()
      .from(vms.table)
      .where(sql`id = 1`)) as Record<string, unknown>[];
    const [dto] = await toDTOs(handle.db, vms, [row], ['name', 'clusterId', 'memory']);
    expect(dto).toEqual({
      id: 1,
      display: 'kilo',
      name: 'kilo',
      clusterId: { id: row.clusterId, display: 'Lab', model: 'clusters' },
      memory: 2048,
    });
    const [full] = await toDTOs(handle.db, vms, [row]);
    expect(full).toMatchObject({ name: 'kilo', memory: 2048, tags: [] });
    expect(Object.keys(full).length).toBeGreaterThan(Object.keys(dto).length);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { objectChanges, sites, users } from '@/db/schema';
import type { DatabaseHandle } from '@/db/client';
import type { Actor } from '@/lib/data/actor';
import { AppError } from '@/lib/data/errors';
import { createRecord } from '@/lib/data/records';
import { runImport } from '@/lib/import/import-rows';
import { ImportParseError } from '@/lib/import/parse-import';
import { closeTestDatabase, openTestDatabase, testDriver } from '../../helpers/db';

let handle: DatabaseHandle;
let user: Actor;
let tenantId: number;
let existingSite: number;

async function siteNames(): Promise<string[]> {
  return (await handle.db.select({ name: sites.name }).from(sites)).map((r) => r.name).sort();
}

beforeAll(async () => {
  handle = await openTestDatabase();
  const [admin] = await handle.db.insert(users).values({ username: 'importer', passwordHash: 'x' }).returning();
  user = { kind: 'user', userId: admin.id, username: 'importer', role: 'admin' };
  tenantId = (await createRecord(user, 'tenants', { name: 'ACME', slug: 'acme' })).id;
  await createRecord(user, 'tags', { name: 'Audit', slug: 'audit' });
  existingSite = (await createRecord(user, 'sites', { name: 'Old', slug: 'old' })).id;
});
afterAll(closeTestDatabase);

describe(`import (${testDriver})`, () => {
  it('previews CSV rows with per-row errors and writes nothing', async () => {
    const csv = `name,slug,status,tenant,tags\r\nDC1,dc1,active,${tenantId},audit\r\nDC2,dc2,planned,,\r\nDC3,dc3,bogus,,\r\n`;
    const outcome = await runImport(user, 'sites', csv, 'csv', { apply: true });
    expect(outcome.applied).toBe(false);
    expect(outcome.rows.map((r) => [r.row, r.action, r.errors])).toEqual([
      [1, 'create', []],
      [2, 'create', []],
      [3, 'create', ['status: "bogus" is not a valid choice.']],
    ]);
    expect(await siteNames()).toEqual(['Old']);
  });

  it('reports duplicates within the file that only the database sees', async () => {
    const outcome = await runImport(user, 'sites', 'name,slug\nDup,dup\nDup 2,dup\n', 'csv', { apply: false });
    expect(outcome.rows[0].errors).toEqual([]);
    expect(outcome.rows[1].errors.join(' ')).toMatch(/slug/i);
    expect(await siteNames()).toEqual(['Old']);
  });

  it('applies a clean file: creates, updates by id, tags, one change-log entry per row', async () => {
    const csv = `id,name,slug,status,tenant,tags\n,DC1,dc1,active,${tenantId},audit\n${existingSite},Old renamed,old,retired,,\n`;
    const preview = await runImport(user, 'sites', csv, 'csv', { apply: false });
    expect(preview.rows.map((r) => [r.action, r.display, r.errors])).toEqual([
      ['create', 'DC1', []],
      ['update', 'Old renamed', []],
    ]);
    expect(await siteNames()).toEqual(['Old']);
    const outcome = await runImport(user, 'sites', csv, 'csv', { apply: true });
    expect(outcome.applied).toBe(true);
    expect(await siteNames()).toEqual(['DC1', 'Old renamed']);
    const [dc1] = await handle.db.select().from(sites).where(eq(sites.slug, 'dc1'));
    expect(dc1.tenantId).toBe(tenantId);
    const changes = await handle.db
      .select()
      .from(objectChanges)
      .where(eq(objectChanges.changedObjectType, 'dcim.site'));
    const imported = changes.filter((c) => c.requestId === changes[changes.length - 1].requestId);
    expect(imported.map((c) => c.action).sort()).toEqual(['create', 'update']);
  });

  it('takes JSON as the API does, with related objects by attributes', async () => {
    const outcome = await runImport(
      user,
      'sites',
      JSON.stringify([{ name: 'DC9', slug: 'dc9', tenant: { slug: 'acme' } }]),
      'json',
      { apply: true },
    );
    expect(outcome).toMatchObject({ applied: true, rows: [{ action: 'create', display: 'DC9', errors: [] }] });
    const bad = await runImport(
      user,
      'sites',
      JSON.stringify([{ name: 'DC10', slug: 'dc10', tenant: { slug: 'nope' } }]),
      'json',
      { apply: true },
    );
    expect(bad.applied).toBe(false);
    expect(bad.rows[0].errors).toEqual([
      'tenant: Related object not found using the provided attributes: {"slug":"nope"}',
    ]);
  });

  it('refuses text that is not a table, unknown columns, sync-owned models and read-only keys', async () => {
    await expect(runImport(user, 'sites', 'name,nope\nx,y\n', 'csv', { apply: false })).rejects.toThrow(
      new ImportParseError('Unknown column: nope.'),
    );
    await expect(runImport(user, 'sites', '{bad', 'json', { apply: false })).rejects.toBeInstanceOf(ImportParseError);
    await expect(runImport(user, 'sites', 'name,slug\n', 'csv', { apply: false })).rejects.toThrow(
      'The CSV needs a header row of field names and at least one row.',
    );
    const err = await runImport(user, 'proxmox-nodes', '[{"name":"n1"}]', 'json', { apply: false }).catch(
      (e: unknown) => e,
    );
    expect(err).toEqual(new AppError('forbidden', 'Proxmox nodes cannot be imported.'));
    const ro = await runImport(
      { kind: 'apikey', keyId: 'k', description: 'ro', role: 'viewer' },
      'sites',
      '[{"name":"x","slug":"x"}]',
      'json',
      { apply: true },
    ).catch((e: unknown) => e);
    expect((ro as AppError).code).toBe('forbidden');
  });
});

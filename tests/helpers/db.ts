import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { migrationsFolder, openDatabase, setDatabase, closeDatabase, type DatabaseHandle } from '@/db/client';

// Tests run against a fresh embedded database per file, or against the PostgreSQL database named
// by TEST_DATABASE_URL (created fresh per run by scripts/test-pg.ts; tables are emptied per file).

/** Which database this run tests: reported in test names so both runs are distinguishable. */
export const testDriver = process.env.TEST_DATABASE_URL ? 'postgresql' : 'pglite';

function migrationsHash(): string {
  const dir = migrationsFolder();
  const hash = createHash('sha256');
  for (const file of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort())
    hash.update(fs.readFileSync(path.join(dir, file)));
  return hash.digest('hex').slice(0, 16);
}

/** A migrated PGlite image, built once per migration set and reused (migrating takes seconds). */
async function openMigratedPglite(): Promise<DatabaseHandle> {
  const image = path.join(os.tmpdir(), `proxbox-pglite-${migrationsHash()}.tar.gz`);
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const schema = await import('@/db/schema');
  if (!fs.existsSync(image)) {
    const fresh = await openDatabase({ dataDir: 'memory://', migrate: true });
    const client = (fresh.db as unknown as { $client: InstanceType<typeof PGlite> }).$client;
    const dump = await client.dumpDataDir('gzip');
    const tmp = `${image}.${process.pid}`;
    fs.writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(tmp, image);
    await fresh.close();
  }
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const client = await PGlite.create({ loadDataDir: new Blob([fs.readFileSync(image)]), extensions: { pg_trgm } });
  const db = drizzle({ client, schema, casing: 'snake_case' });
  return { db: db as unknown as DatabaseHandle['db'], driver: 'pglite', close: () => client.close() };
}

async function truncateAll(handle: DatabaseHandle): Promise<void> {
  const result = await handle.db.execute(sql`select tablename from pg_tables where schemaname = 'public'`);
  const rows = (result as unknown as { rows: { tablename: string }[] }).rows;
  if (rows.length === 0) return;
  const list = rows.map((r) => `"${r.tablename}"`).join(', ');
  await handle.db.execute(sql.raw(`truncate ${list} restart identity cascade`));
}

/** Opens the test database, installs it as the process-wide one, and returns its handle. */
export async function openTestDatabase(): Promise<DatabaseHandle> {
  const url = process.env.TEST_DATABASE_URL;
  const handle = url ? await openDatabase({ url, migrate: true }) : await openMigratedPglite();
  if (url) await truncateAll(handle);
  setDatabase(handle);
  return handle;
}

export async function closeTestDatabase(): Promise<void> {
  await closeDatabase();
}

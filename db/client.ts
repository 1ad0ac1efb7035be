import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema';

// The only module that knows which PostgreSQL runs: `pg` when DATABASE_URL is set, the embedded
// PGlite under PROXBOX_DATA_DIR otherwise. Everything above it sees one `Database` type.

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DatabaseHandle {
  db: Database;
  driver: 'pg' | 'pglite';
  close: () => Promise<void>;
}

export interface OpenOptions {
  /** PostgreSQL connection string; when absent, PGlite is used. */
  url?: string;
  /** PGlite data directory; `memory://` keeps everything in memory (tests). */
  dataDir?: string;
  /** Apply pending migrations after connecting. */
  migrate?: boolean;
}

const here = path.dirname(fileURLToPath(import.meta.url));
/** Resolved from the project root so that bundled server code finds the SQL files too. */
export function migrationsFolder(): string {
  const candidates = [path.join(process.cwd(), 'db', 'migrations'), path.join(here, 'migrations')];
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'meta', '_journal.json'))) ?? candidates[0];
}

export function dataDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.PROXBOX_DATA_DIR ?? path.join(process.cwd(), 'data'));
}

/** Opens a database connection; callers own the handle (tests, scripts, the app singleton). */
export async function openDatabase(options: OpenOptions = {}): Promise<DatabaseHandle> {
  if (options.url) {
    const { Pool } = await import('pg');
    const { drizzle } = await import('drizzle-orm/node-postgres');
    const pool = new Pool({ connectionString: options.url, max: Number(process.env.PROXBOX_DB_POOL ?? 10) });
    const db = drizzle({ client: pool, schema, casing: 'snake_case' });
    if (options.migrate) {
      const { migrate } = await import('drizzle-orm/node-postgres/migrator');
      await migrate(db, { migrationsFolder: migrationsFolder() });
    }
    return { db: db as unknown as Database, driver: 'pg', close: () => pool.end() };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const dir = options.dataDir ?? path.join(dataDir(), 'pglite');
  if (!dir.startsWith('memory://')) fs.mkdirSync(dir, { recursive: true });
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const client = await PGlite.create({ dataDir: dir.startsWith('memory://') ? undefined : dir, extensions: { pg_trgm } });
  const db = drizzle({ client, schema, casing: 'snake_case' });
  if (options.migrate) {
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    await migrate(db, { migrationsFolder: migrationsFolder() });
  }
  return { db: db as unknown as Database, driver: 'pglite', close: () => client.close() };
}

// Next bundles server code into several chunks; a module-level singleton would open the PGlite
// directory twice (and corrupt it), so the process-wide handle lives on globalThis.
const globalKey = Symbol.for('proxbox.db');
type GlobalWithDb = typeof globalThis & { [globalKey]?: Promise<DatabaseHandle> };

/** The process-wide database (migrations applied automatically on the embedded database). */
export function getDatabase(): Promise<DatabaseHandle> {
  const g = globalThis as GlobalWithDb;
  if (!g[globalKey]) {
    const url = process.env.DATABASE_URL;
    g[globalKey] = openDatabase({ url, migrate: !url || process.env.PROXBOX_AUTO_MIGRATE === '1' });
    registerShutdown();
  }
  return g[globalKey]!;
}

export async function getDb(): Promise<Database> {
  return (await getDatabase()).db;
}

/** Installs the process-wide handle (tests and scripts that opened their own database). */
export function setDatabase(handle: DatabaseHandle): void {
  (globalThis as GlobalWithDb)[globalKey] = Promise.resolve(handle);
}

export async function closeDatabase(): Promise<void> {
  const g = globalThis as GlobalWithDb;
  const pending = g[globalKey];
  g[globalKey] = undefined;
  if (pending) await (await pending).close();
}

let shutdownRegistered = false;
function registerShutdown(): void {
  if (shutdownRegistered) return;
  shutdownRegistered = true;
  // PGlite keeps the event loop alive until closed; close it so SIGINT/SIGTERM exit promptly.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      closeDatabase()
        .catch((err) => console.error('database close failed:', err))
        .finally(() => process.exit(0));
    });
  }
}

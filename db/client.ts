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
  /** The sync worker's connections (its own pool on PostgreSQL; the same database on PGlite). */
  worker?: Database;
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

function envMs(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw.trim() === '' ? NaN : Number(raw);
  return Number.isInteger(value) && value >= 0 ? value : fallback;
}

/**
 * Limits of every PostgreSQL connection: a connect timeout (a vanished server fails a request in
 * seconds instead of hanging it), and a statement timeout long enough for the sync's bulk writes
 * (one statement writes at most a few thousand rows) but not for a runaway query.
 */
export function pgLimits(): { connectionTimeoutMillis: number; statementTimeoutMs: number; idleTimeoutMillis: number } {
  return {
    connectionTimeoutMillis: envMs('PROXBOX_DB_CONNECT_TIMEOUT_MS', 5_000),
    statementTimeoutMs: envMs('PROXBOX_DB_STATEMENT_TIMEOUT_MS', 120_000),
    idleTimeoutMillis: 10_000,
  };
}

type PgPool = import('pg').Pool;

/**
 * A pool that survives the server going away: an error on an idle connection, or on a checked-out
 * one between queries (pg_terminate_backend, a restart, a network cut), is logged instead of
 * crashing the process (an 'error' event without a listener would); the broken connection is
 * dropped and the next query opens a new one, so the app recovers without a restart.
 */
async function createPool(url: string, max: number, label: string): Promise<PgPool> {
  const { Pool } = await import('pg');
  const limits = pgLimits();
  const pool = new Pool({
    connectionString: url,
    max,
    connectionTimeoutMillis: limits.connectionTimeoutMillis,
    idleTimeoutMillis: limits.idleTimeoutMillis,
    statement_timeout: limits.statementTimeoutMs || undefined,
  });
  const report = (err: Error) => console.error(`PostgreSQL (${label} pool): connection lost: ${err.message}`);
  pool.on('error', report);
  pool.on('connect', (client) => client.on('error', report));
  return pool;
}

/** Opens a database connection; callers own the handle (tests, scripts, the app singleton). */
export async function openDatabase(options: OpenOptions = {}): Promise<DatabaseHandle> {
  if (options.url) {
    const { drizzle } = await import('drizzle-orm/node-postgres');
    if (options.migrate) {
      // Migrations may rewrite big tables: their own connection, without the statement timeout.
      const { Pool } = await import('pg');
      const migrationPool = new Pool({
        connectionString: options.url,
        max: 1,
        connectionTimeoutMillis: pgLimits().connectionTimeoutMillis,
      });
      migrationPool.on('error', (err) => console.error(`PostgreSQL (migration): ${err.message}`));
      try {
        const { migrate } = await import('drizzle-orm/node-postgres/migrator');
        await migrate(drizzle({ client: migrationPool, schema, casing: 'snake_case' }), {
          migrationsFolder: migrationsFolder(),
        });
      } finally {
        await migrationPool.end();
      }
    }
    const pool = await createPool(options.url, Number(process.env.PROXBOX_DB_POOL ?? 10), 'request');
    const db = drizzle({ client: pool, schema, casing: 'snake_case' });
    // The sync worker gets its own small pool, so running syncs cannot take every connection
    // from page and API requests (and the other way round).
    const workerPool = await createPool(options.url, Number(process.env.PROXBOX_DB_WORKER_POOL ?? 4), 'worker');
    const worker = drizzle({ client: workerPool, schema, casing: 'snake_case' });
    workerDbs.set(db as unknown as Database, worker as unknown as Database);
    return {
      db: db as unknown as Database,
      worker: worker as unknown as Database,
      driver: 'pg',
      close: async () => {
        await Promise.all([pool.end(), workerPool.end()]);
      },
    };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const dir = options.dataDir ?? path.join(dataDir(), 'pglite');
  if (!dir.startsWith('memory://')) fs.mkdirSync(dir, { recursive: true });
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const client = await PGlite.create({
    dataDir: dir.startsWith('memory://') ? undefined : dir,
    extensions: { pg_trgm },
  });
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

const workerDbs = new WeakMap<Database, Database>();

/** The worker's database that belongs with `db` (its own pool on PostgreSQL), else `db` itself. */
export function workerDbOf(db: Database): Database {
  return workerDbs.get(db) ?? db;
}

/** The database for the sync worker: its own pool on PostgreSQL. */
export async function getWorkerDb(): Promise<Database> {
  const handle = await getDatabase();
  return handle.worker ?? handle.db;
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

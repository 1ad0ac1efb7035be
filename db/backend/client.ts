import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema';
import { dataDir } from '../client';

// The backend role's SQLite store (data/backend.db): WAL mode so that the web process and a
// separate worker/backend process can read while one writes.

export type BackendDb = BetterSQLite3Database<typeof schema>;

export interface BackendHandle {
  db: BackendDb;
  file: string;
  close: () => void;
}

function backendMigrationsFolder(): string {
  const candidates = [
    path.join(process.cwd(), 'db', 'backend', 'migrations'),
    path.join(import.meta.dirname ?? '', 'migrations'),
  ];
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'meta', '_journal.json'))) ?? candidates[0];
}

/** Opens (creating if needed) and migrates a backend store; `:memory:` for tests. */
export function openBackendStore(file = path.join(dataDir(), 'backend.db')): BackendHandle {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  const db = drizzle({ client: sqlite, schema, casing: 'snake_case' });
  migrate(db, { migrationsFolder: backendMigrationsFolder() });
  return { db, file, close: () => sqlite.close() };
}

const globalKey = Symbol.for('proxbox.backend-db');
type GlobalWithBackend = typeof globalThis & { [globalKey]?: BackendHandle };

/** The process-wide backend store (opened on first use). */
export function getBackendStore(): BackendHandle {
  const g = globalThis as GlobalWithBackend;
  g[globalKey] ??= openBackendStore();
  return g[globalKey];
}

export function closeBackendStore(): void {
  const g = globalThis as GlobalWithBackend;
  g[globalKey]?.close();
  g[globalKey] = undefined;
}

import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Database } from '../../db/client';
import { openDatabase } from '../../db/client';
import { seedInventory } from '../../db/seed/inventory';
import { createScratchDatabase, redactUrl, type ScratchDatabase } from '../lib/pg-database';
import { startNextServer, type RunningServer } from './server';

// What bench:pages and bench:api share: options, a scratch PostgreSQL database seeded with N
// guests, the production build served against it, and cleanup on success, failure or Ctrl-C.

export interface BenchOptions {
  guests: number;
  requests: number;
  warmup: number;
  seed: number;
  keep: boolean;
  extra: Record<string, number>;
}

/** `--guests --requests --warmup --seed --keep`, plus integer options of one benchmark. */
export function parseBenchOptions(extra: Record<string, { default: string; min: number }> = {}): BenchOptions {
  const { values } = parseArgs({
    options: {
      guests: { type: 'string', default: '100000' },
      requests: { type: 'string', default: '50' },
      warmup: { type: 'string', default: '10' },
      seed: { type: 'string', default: '1' },
      keep: { type: 'boolean', default: false },
      ...Object.fromEntries(
        Object.entries(extra).map(([name, o]) => [name, { type: 'string' as const, default: o.default }]),
      ),
    },
    strict: true,
  });
  const raw = values as Record<string, string | boolean | undefined>;
  const int = (name: string, min: number) => {
    const n = Number(raw[name]);
    if (!Number.isInteger(n) || n < min)
      throw new Error(`--${name} must be an integer ≥ ${min} (got "${String(raw[name])}")`);
    return n;
  };
  return {
    guests: int('guests', 1),
    requests: int('requests', 1),
    warmup: int('warmup', 0),
    seed: int('seed', 0),
    keep: raw.keep === true,
    extra: Object.fromEntries(Object.entries(extra).map(([name, o]) => [name, int(name, o.min)])),
  };
}

export interface SeededApp<T> {
  server: RunningServer;
  database: ScratchDatabase;
  /** The server's data directory and environment (DATABASE_URL, PROXBOX_DATA_DIR). */
  dataDir: string;
  env: Record<string, string>;
  adminPassword: string;
  seedSeconds: number;
  prepared: T;
}

/**
 * Seeds `opts.guests` guests into a scratch database, lets `prepare` read what the cases need,
 * serves the build against it and runs `measure`. Always drops the database (unless --keep) and
 * stops the server; on failure prints the server's last log lines. Returns the exit code.
 */
export async function withSeededApp<T>(
  root: string,
  label: string,
  opts: BenchOptions,
  prepare: (db: Database, seeded: Awaited<ReturnType<typeof seedInventory>>) => Promise<T>,
  measure: (app: SeededApp<T>) => Promise<void>,
): Promise<number> {
  if (!fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) {
    console.error(`${label}: no production build (.next/BUILD_ID): run npm run build first`);
    return 1;
  }
  const adminUrl = process.env.PG_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  // One data directory and secret key for the seed (which encrypts endpoint tokens) and the server.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'proxbox-bench-'));
  process.env.PROXBOX_DATA_DIR = dataDir;
  process.env.PROXBOX_SECRET_KEY = randomBytes(32).toString('hex');
  const adminPassword = randomBytes(18).toString('base64url');
  let database: ScratchDatabase | null = null;
  let server: RunningServer | null = null;
  const cleanup = async () => {
    await server?.stop();
    server = null;
    if (database && !opts.keep)
      await database
        .drop()
        .catch((err: Error) => console.error(`${label}: could not drop ${database?.name}: ${err.message}`));
    else if (database) console.error(`${label}: kept ${redactUrl(database.url)}`);
    database = null;
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => void cleanup().finally(() => process.exit(130)));

  try {
    database = await createScratchDatabase(adminUrl, `proxbox_${label.replace(/\W/g, '_')}`);
    console.log(`${label}: database ${database.name}; seeding ${opts.guests} guests`);
    const handle = await openDatabase({ url: database.url, migrate: true });
    let seedSeconds: number;
    let prepared: T;
    try {
      const seeded = await seedInventory(
        handle.db,
        { guests: opts.guests, seed: opts.seed, concurrency: 2 },
        ({ guestsDone, guestsTotal }) => {
          if (guestsDone % 20_000 === 0 || guestsDone === guestsTotal)
            console.log(`  seeded ${guestsDone}/${guestsTotal}`);
        },
      );
      seedSeconds = seeded.elapsedMs / 1000;
      prepared = await prepare(handle.db, seeded);
    } finally {
      await handle.close();
    }
    const env = { DATABASE_URL: database.url, PROXBOX_DATA_DIR: dataDir };
    server = await startNextServer(root, { ...env, PROXBOX_ADMIN_PASSWORD: adminPassword });
    await measure({ server, database, dataDir, env, adminPassword, seedSeconds, prepared });
    await cleanup();
    return 0;
  } catch (err) {
    const serverLog = server?.log();
    console.error(`${label} failed: ${err instanceof Error ? err.message : String(err)}`);
    if (serverLog) console.error(`--- server log (last lines) ---\n${serverLog.split('\n').slice(-40).join('\n')}`);
    await cleanup();
    return 1;
  }
}

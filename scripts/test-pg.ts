// `npm run test:pg [-- vitest args]`: runs the vitest suite against a fresh PostgreSQL database.
// Creates proxbox_test_<timestamp>_<pid> on the server of PG_ADMIN_URL, runs `vitest run` with
// TEST_DATABASE_URL pointing at it, drops the database afterwards (also when the tests fail or
// the run is interrupted) and exits with vitest's exit code.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const vitestBin = path.join(root, 'node_modules', '.bin', 'vitest');
const adminUrl = process.env.PG_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `proxbox_test_${Date.now()}_${process.pid}`;

/** The admin URL with its database replaced by `name` (credentials, host and options kept). */
function urlForDatabase(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Hides the password when a URL is printed. */
function redact(raw: string): string {
  const url = new URL(raw);
  if (url.password) url.password = '***';
  return url.toString();
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function dropDatabase(): Promise<void> {
  await withAdmin(async (client) => {
    try {
      // FORCE (PostgreSQL 13+) ends connections a crashed test may have left open.
      await client.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    } catch (err) {
      if ((err as { code?: string }).code !== '42601') throw err;
      await client.query(`DROP DATABASE IF EXISTS "${dbName}"`);
    }
  });
}

function runVitest(args: string[], databaseUrl: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(vitestBin, ['run', ...args], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, TEST_DATABASE_URL: databaseUrl },
    });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', (err) => {
      console.error(`could not run ${vitestBin}: ${err.message} (did you run \`npm install\`?)`);
      resolve(1);
    });
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? 128 + (signal ? os.constants.signals[signal] : 0));
    });
  });
}

async function main(): Promise<number> {
  if (!fs.existsSync(vitestBin)) {
    console.error(`${vitestBin} not found: run \`npm install\` first.`);
    return 1;
  }
  try {
    await withAdmin((client) => client.query(`CREATE DATABASE "${dbName}"`));
  } catch (err) {
    console.error(`test:pg: cannot create database ${dbName} on ${redact(adminUrl)}: ${(err as Error).message}`);
    console.error('Is PostgreSQL running? Set PG_ADMIN_URL to a superuser connection string.');
    return 1;
  }
  const databaseUrl = urlForDatabase(adminUrl, dbName);
  console.log(`test:pg: created ${dbName}; TEST_DATABASE_URL=${redact(databaseUrl)}`);

  let code = 1;
  try {
    code = await runVitest(process.argv.slice(2), databaseUrl);
  } finally {
    try {
      await dropDatabase();
      console.log(`test:pg: dropped ${dbName}`);
    } catch (err) {
      console.error(`test:pg: could not drop ${dbName}: ${(err as Error).message}`);
      if (code === 0) code = 1;
    }
  }
  return code;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);

// `npm run test:pg [-- vitest args]`: runs the vitest suite against a fresh PostgreSQL database.
// Creates proxbox_test_<timestamp>_<pid> on the server of PG_ADMIN_URL, runs `vitest run` with
// TEST_DATABASE_URL pointing at it, drops the database afterwards (also when the tests fail or
// the run is interrupted) and exits with vitest's exit code.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createScratchDatabase, redactUrl, type ScratchDatabase } from './lib/pg-database';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const vitestBin = path.join(root, 'node_modules', '.bin', 'vitest');
const adminUrl = process.env.PG_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `proxbox_test_${Date.now()}_${process.pid}`;

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
  let scratch: ScratchDatabase;
  try {
    scratch = await createScratchDatabase(adminUrl, 'proxbox_test', dbName);
  } catch (err) {
    console.error(`test:pg: cannot create database ${dbName} on ${redactUrl(adminUrl)}: ${(err as Error).message}`);
    console.error('Is PostgreSQL running? Set PG_ADMIN_URL to a superuser connection string.');
    return 1;
  }
  console.log(`test:pg: created ${dbName}; TEST_DATABASE_URL=${redactUrl(scratch.url)}`);

  let code = 1;
  try {
    code = await runVitest(process.argv.slice(2), scratch.url);
  } finally {
    try {
      await scratch.drop();
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

// `npm run backend`: the backend role (the seed's proxbox-api) as its own process. It serves only
// /api/backend/* (health, version, keys, endpoints, full update and its stream) on
// PROXBOX_BACKEND_PORT (default 8800), from the same route handlers the web app serves, against
// the PostgreSQL of DATABASE_URL; every other path answers 404. Point the web process at it with
// PROXBOX_BACKEND_URL=http://<host>:<port>. The backend store <PROXBOX_DATA_DIR>/backend.db
// (endpoint copies, API keys) belongs to this process; the web process on the same host opens
// the same file for API-key checks (SQLite WAL), so both must share PROXBOX_DATA_DIR and the
// secret key. No build is needed: tsx runs the sources.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeBackendStore, getBackendStore } from '../db/backend/client';
import { closeDatabase, getDatabase, getDb } from '../db/client';
import { startLogFile, stopLogFile } from '../lib/backend/log-file-setting';
import { createBackendServer, loadBackendRoutes } from '../lib/backend/server';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function fail(message: string): never {
  console.error(`npm run backend: ${message}`);
  process.exit(2);
}

function portFrom(raw: string | undefined): number {
  const port = Number(raw ?? 8800);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    fail(`PROXBOX_BACKEND_PORT must be a port number (1-65535), not "${raw}".`);
  return port;
}

async function main(): Promise<void> {
  if (!process.env.DATABASE_URL) {
    fail(
      'DATABASE_URL is not set. A separate backend process needs the PostgreSQL database the web process uses; ' +
        'the embedded PGlite database can be opened by one process only. Without PostgreSQL, run `npm start` alone: it serves the backend API itself.',
    );
  }
  const port = portFrom(process.env.PROXBOX_BACKEND_PORT);
  const host = process.env.PROXBOX_BACKEND_HOST || '127.0.0.1';
  await getDatabase().catch((err: unknown) =>
    fail(`cannot open the database of DATABASE_URL: ${err instanceof Error ? err.message : err}`),
  );
  const store = getBackendStore();
  await startLogFile(getDb);
  const routes = await loadBackendRoutes(root);
  const server = createBackendServer(routes);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  }).catch((err: unknown) => fail(`cannot listen on ${host}:${port}: ${err instanceof Error ? err.message : err}`));
  console.log(
    `Proxbox backend on http://${host}:${port}/api/backend/ (${routes.length} routes; store ${store.file}; database from DATABASE_URL).`,
  );
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      server.close();
      server.closeAllConnections();
      closeBackendStore();
      Promise.all([stopLogFile(), closeDatabase()]).finally(() => process.exit(0));
    });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

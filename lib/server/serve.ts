import os from 'node:os';
import path from 'node:path';
import { startAppServer } from './app-server';

// What `npm start` and the harnesses that start the built app share (scripts/server.ts): the
// production server of lib/server/app-server.ts on PORT (default 3000) and HOSTNAME (default all
// interfaces), stopped gracefully on SIGINT/SIGTERM with the exit code `next start` uses (130/143).

/** After a signal, how long open connections (event streams) may take before they are cut. */
const CLOSE_GRACE_MS = 5_000;

function portFrom(raw: string | undefined): number {
  const port = Number(raw?.trim() || '3000');
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`PORT must be a port number (0-65535), not "${raw}".`);
  return port;
}

/** Serves the production build under `root`; resolves once it answers requests. */
export async function serveFromEnv(root: string): Promise<void> {
  const port = portFrom(process.env.PORT);
  const hostname = process.env.HOSTNAME?.trim() || undefined;
  // Next's telemetry would call home on every start; this install has no such network.
  process.env.NEXT_TELEMETRY_DISABLED ??= '1';

  const app = await startAppServer({ dir: root, port, hostname });
  const database = process.env.DATABASE_URL
    ? 'PostgreSQL from DATABASE_URL'
    : `embedded PGlite in ${path.join(process.env.PROXBOX_DATA_DIR ?? 'data', 'pglite')}`;
  console.log(
    `Proxbox is ready on ${app.url}${hostname ? '' : ', listening on all interfaces'} (database: ${database}).`,
  );

  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      const code = 128 + os.constants.signals[signal];
      // A second Ctrl-C does not wait for the graceful stop.
      if (stopping) process.exit(code);
      stopping = true;
      const cut = setTimeout(() => app.server.closeAllConnections(), CLOSE_GRACE_MS);
      app.close().then(
        () => {
          clearTimeout(cut);
          process.exit(code);
        },
        (err: unknown) => {
          console.error('Proxbox: error while stopping:', err);
          process.exit(code);
        },
      );
    });
  }
}

import type { AddressInfo } from 'node:net';
import type http from 'node:http';
import { createBackendServer, loadBackendRoutes } from '@/lib/backend/server';

// The backend role on a real loopback port (lib/backend/server.ts, what `npm run backend` runs),
// so that pushes in tests travel over HTTP exactly as in production.

export interface RunningBackend {
  port: number;
  url: string;
  stop(): Promise<void>;
}

/** Starts the backend routes on `port` (0 = any free port). */
export async function startBackend(port = 0): Promise<RunningBackend> {
  const server: http.Server = createBackendServer(await loadBackendRoutes());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    port: actual,
    url: `http://127.0.0.1:${actual}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

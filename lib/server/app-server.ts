import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { refuseOversizedBody } from './body-guard';
import { enablePeerStamping, stampPeer } from './peer';

// The production HTTP server of `npm start` (scripts/server.ts): Next's own request handler behind
// a plain Node server that first stamps the socket peer into every request (lib/server/peer.ts),
// because route handlers never see the socket and the API lockout must count failures per real
// client address (lib/auth/client-ip.ts). Everything else is what `next start` does: the same
// production server (`next({ dev: false })` runs Next's router server in this process), the same
// default bind address (all interfaces) and the same origin for Next's internal requests.

export interface AppServerOptions {
  /** The project root holding `.next/` and `next.config.*`. */
  dir: string;
  port: number;
  /** Bind address; all interfaces when unset (as `next start`). */
  hostname?: string;
}

export interface AppServer {
  server: http.Server;
  /** e.g. http://localhost:3000 */
  url: string;
  /** Stops accepting connections and shuts Next down. */
  close(): Promise<void>;
}

/** Stamps the socket peer into each request, refuses oversized bodies (body-guard.ts), then hands it to `handle` (Next's request handler). */
export function stampingListener(
  handle: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>,
): http.RequestListener {
  return (req, res) => {
    stampPeer(req);
    if (refuseOversizedBody(req, res)) return;
    handle(req, res).catch((err: unknown) => {
      console.error(`Failed to handle request for ${req.url}:`, err);
      if (!res.headersSent) res.statusCode = 500;
      res.end('Internal Server Error');
    });
  };
}

/** Prepares the production build under `dir` and listens; resolves once requests are served. */
export async function startAppServer({ dir, port, hostname }: AppServerOptions): Promise<AppServer> {
  // Before Next loads any route: client-ip.ts believes the stamp only in a process marked so.
  enablePeerStamping();
  // As `next start`: set before Next and React load, which pick their production builds by it.
  Object.assign(process.env, { NODE_ENV: 'production' });
  const { default: next } = await import('next');
  const app = next({ dev: false, dir, port, hostname });
  const handle = app.getRequestHandler();
  await app.prepare();

  const server = http.createServer(stampingListener(handle));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, hostname, () => {
      server.off('error', reject);
      resolve();
    });
  });

  const address = server.address() as AddressInfo;
  // As `next start`: server actions that redirect fetch the target from this origin.
  const host =
    !hostname || address.address === '0.0.0.0' || address.address === '::'
      ? 'localhost'
      : hostname.includes(':')
        ? `[${hostname}]`
        : hostname;
  const url = `http://${host}:${address.port}`;
  process.env.PORT = String(address.port);
  process.env.__NEXT_PRIVATE_ORIGIN = url;

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await app.close();
      await closed;
    })();
    return closing;
  };
  return { server, url, close };
}

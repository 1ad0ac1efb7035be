// The listening side of the simulators (Proxmox, NetBox): a server whose stop() does not wait on
// clients. Keep-alive sockets are destroyed and pending delays (injected latency) are cut, so a
// test's teardown ends at once whatever its clients left open.
import type http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

export interface ServerLifetime {
  /** A delay that stop() cuts short (it then never resolves). */
  sleep(ms: number): Promise<void>;
  /** Listens on `host`:`port` (0 = a free port) and resolves with the port taken and the base URL. */
  listen(server: http.Server | https.Server, host: string, port: number): Promise<{ port: number; url: string }>;
  stop(): Promise<void>;
}

export function serverLifetime(): ServerLifetime {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let listening: http.Server | https.Server | null = null;
  return {
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          timers.delete(t);
          resolve();
        }, ms);
        timers.add(t);
      }),
    async listen(server, host, port) {
      server.keepAliveTimeout = 30_000;
      server.on('connection', (socket: Socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
      });
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve());
      });
      listening = server;
      const actual = (server.address() as AddressInfo).port;
      const hostPart = host.includes(':') ? `[${host}]` : host;
      return { port: actual, url: `${server instanceof https.Server ? 'https' : 'http'}://${hostPart}:${actual}` };
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        if (!listening) return resolve();
        listening.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

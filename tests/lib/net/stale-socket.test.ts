import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboundError, sendBounded } from '@/lib/net/bounded-request';
import { DEFAULT_POLICY } from '@/lib/net/ssrf-guard';

// A kept-alive connection can be closed by the server while it sits idle in the pool (its idle
// timeout passes while this thread is busy with a long statement); the next request taken from
// the pool then meets a dead socket. Such a request is sent again once on a new connection when
// sending twice does no harm (GET, PUT, DELETE, ...); a POST is not, and fails as it did.

let server: http.Server;
let base: string;
const sockets: Socket[] = [];
let posts = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.method === 'POST') posts++;
    res.end(`${req.method} ${req.url}`);
  });
  server.on('connection', (socket) => sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const send = (agent: http.Agent, method: string, path: string) =>
  sendBounded({ url: new URL(path, base), method, agent, policy: DEFAULT_POLICY, timeoutMs: 2000, maxBytes: 1024 });

/** A pooled connection, then the server closes it before this thread notices (same tick). */
async function staleConnection(): Promise<http.Agent> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const first = await send(agent, 'GET', '/first');
  expect(first.body.toString()).toBe('GET /first');
  await new Promise((resolve) => setImmediate(resolve));
  expect(Object.values(agent.freeSockets).flat()).toHaveLength(1);
  sockets.at(-1)!.destroy();
  return agent;
}

describe('a kept-alive connection the server closed', () => {
  it('is replaced by a new connection for a GET, which gets its answer', async () => {
    const agent = await staleConnection();
    const connections = sockets.length;
    const res = await send(agent, 'GET', '/second');
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe('GET /second');
    expect(sockets.length).toBe(connections + 1);
    agent.destroy();
  });

  it('fails a POST with the connection error instead of sending it twice', async () => {
    const agent = await staleConnection();
    const before = posts;
    const error = await send(agent, 'POST', '/create').then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OutboundError);
    expect((error as OutboundError).kind).toBe('network');
    expect(['ECONNRESET', 'EPIPE']).toContain((error as OutboundError).code);
    expect(posts).toBe(before);
    agent.destroy();
  });
});

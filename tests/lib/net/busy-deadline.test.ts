import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboundError, sendBounded } from '@/lib/net/bounded-request';
import { DEFAULT_POLICY } from '@/lib/net/ssrf-guard';

// A request's deadline is no verdict on the server when this thread itself was busy past it: the
// embedded database runs its statements on the event loop, and an answer that arrived meanwhile
// must be read, not discarded as a timeout; nor may a request time out that the busy thread had
// not yet sent. A server that really does not answer still times out.

/** Keeps this thread busy for `ms`, as a long synchronous statement does. */
function block(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // spin
  }
}

let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/silent') return; // never answers
    // The answer is written to the socket, then the (shared) thread stays busy past the deadline.
    res.end('answered');
    if (req.url === '/busy') block(400);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const get = (path: string) =>
  sendBounded({ url: new URL(path, base), policy: DEFAULT_POLICY, timeoutMs: 150, maxBytes: 1024 });

describe('bounded request deadline', () => {
  it('reads an answer that arrived while the thread was busy past the deadline', async () => {
    const res = await get('/busy');
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe('answered');
  });

  it('does not count time the thread was busy before the request was even sent', async () => {
    // The request is created, then a long synchronous step holds the thread past the whole
    // deadline before it can be written (name lookup and connect need the event loop).
    const pending = get('/fast');
    block(450);
    const res = await pending;
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe('answered');
  });

  it('still times out a server that does not answer', async () => {
    const error = await get('/silent').then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OutboundError);
    expect((error as OutboundError).kind).toBe('timeout');
    expect((error as OutboundError).message).toBe('no complete answer within 150 ms');
  });
});

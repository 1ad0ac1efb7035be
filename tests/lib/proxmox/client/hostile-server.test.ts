// Servers that try to exhaust Proxbox: one that never stops paging, one that sends an endless
// body, one that drips a byte a second. Each is cut off with a clear error, on the Proxmox client
// (and the sync's pager) and on the backend client.
import type http from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { backendRequest } from '@/lib/backend-client/http';
import { ProxmoxClient, ProxmoxError } from '@/lib/proxmox/client';
import { EndpointFetcher, maxTaskPages } from '@/lib/sync/read/fetch';
import { rejectionOf, startServer, type TestServer } from './helpers/test-server';

let server: TestServer;
const clients: ProxmoxClient[] = [];
const ENV = [
  'PROXBOX_PROXMOX_MAX_PAGES',
  'PROXBOX_PROXMOX_MAX_RESPONSE_BYTES',
  'PROXBOX_BACKEND_TIMEOUT_MS',
  'PROXBOX_BACKEND_MAX_RESPONSE_BYTES',
] as const;
const saved = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));

function client(timeoutMs: number): ProxmoxClient {
  const c = new ProxmoxClient({
    baseUrl: server.url,
    tokenId: 'sync@pve!proxbox',
    tokenSecret: 'secret-0000-1111',
    verifySsl: false,
    retries: 0,
    timeoutMs,
  });
  clients.push(c);
  return c;
}

/** Headers at once, then one byte every `everyMs` for as long as the socket lives. */
function drip(everyMs: number) {
  return (_req: http.IncomingMessage, res: http.ServerResponse) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{');
    const timer = setInterval(() => res.write(' '), everyMs);
    res.on('close', () => clearInterval(timer));
  };
}

/** An answer that never ends: 64 KiB chunks as fast as the client takes them. */
function endless(_req: http.IncomingMessage, res: http.ServerResponse) {
  res.writeHead(200, { 'content-type': 'application/json' });
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  let open = true;
  res.on('close', () => (open = false));
  res.write('{"data":"');
  const pump = () => {
    while (open && res.write(chunk));
    if (open) res.once('drain', pump);
  };
  pump();
}

beforeAll(async () => {
  server = await startServer();
});
afterEach(() => {
  for (const k of ENV) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});
afterAll(async () => {
  clients.forEach((c) => c.close());
  await server.close();
});

describe('Proxmox client against hostile servers', () => {
  it('a task list that never ends is cut off after the page cap with a clear error', async () => {
    expect(maxTaskPages()).toBe(200);
    process.env.PROXBOX_PROXMOX_MAX_PAGES = '4';
    let n = 0;
    // Full pages of 500 and no `total`, forever.
    server.use((_req, res) => {
      const data = Array.from({ length: 500 }, () => ({
        upid: `UPID:n1:${(n++).toString(16).padStart(8, '0')}:0:0:task:x:root@pam:`,
        starttime: 1_700_000_000,
        type: 'x',
      }));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data }));
    });
    const fetched = await new EndpointFetcher(client(5000)).tasks('n1', new Date(0));
    expect(fetched.ok).toBe(false);
    const error = (fetched as { error: unknown }).error as ProxmoxError;
    expect(error).toBeInstanceOf(ProxmoxError);
    expect(error.message).toBe(
      'GET /nodes/n1/tasks: stopped after 4 full pages (2000 tasks) without reaching the end of the list',
    );
    expect(error.category).toBe('validation');
    expect(server.requests.map((r) => new URL(r.url, 'http://x').searchParams.get('start'))).toEqual([
      '0',
      '500',
      '1000',
      '1500',
    ]);
  });

  it('an endless body is cut off at the response cap', async () => {
    process.env.PROXBOX_PROXMOX_MAX_RESPONSE_BYTES = String(1024 * 1024);
    server.use(endless);
    const error = (await rejectionOf(client(30_000).get('/version', z.unknown()))) as ProxmoxError;
    expect(error).toBeInstanceOf(ProxmoxError);
    expect([error.category, error.message]).toEqual(['internal', 'GET /version: answer larger than 1048576 bytes']);
    expect(error.suggestion).toBe(
      'The answer is unexpectedly large: check that the base URL points at the Proxmox VE API',
    );
  });

  it('a server dripping a byte a second is cut off at the deadline of the whole request, not kept alive by each byte', async () => {
    // The drip never ends: a timer reset by each byte would never fire and the test would time out.
    server.use(drip(1000));
    const error = (await rejectionOf(client(2500).get('/version', z.unknown()))) as ProxmoxError;
    expect([error.category, error.message]).toEqual([
      'timeout',
      'GET /version: no answer from 127.0.0.1:' + server.port + ' within 2500 ms',
    ]);
  });
});

describe('backend client against hostile servers', () => {
  const target = () => ({ baseUrl: server.url, token: 't', verifySsl: true });

  it('a drip is cut off at PROXBOX_BACKEND_TIMEOUT_MS', async () => {
    process.env.PROXBOX_BACKEND_TIMEOUT_MS = '1500';
    server.use(drip(400));
    await expect(backendRequest(target(), 'GET', 'health')).rejects.toThrow(
      `The backend at ${server.url} did not answer completely within 1.5 s`,
    );
  });

  it('an endless body is cut off at PROXBOX_BACKEND_MAX_RESPONSE_BYTES', async () => {
    process.env.PROXBOX_BACKEND_MAX_RESPONSE_BYTES = String(256 * 1024);
    server.use(endless);
    await expect(backendRequest(target(), 'GET', 'health')).rejects.toThrow(
      `The backend at ${server.url} sent an oversized answer (answer larger than 262144 bytes)`,
    );
  });
});

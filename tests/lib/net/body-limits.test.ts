import { systemActor } from '@/lib/data/actor';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BackendHandle } from '@/db/backend/client';
import { createApiKey } from '@/lib/auth/api-keys';
import { BodyTooLargeError, maxBodyBytes, readBodyBytes, UNAUTHENTICATED_BODY_BYTES } from '@/lib/net/bounded-body';
import { bodyLimitForPath } from '@/lib/server/body-guard';
import { stampingListener } from '@/lib/server/app-server';
import { call, releaseStore, useFreshStore } from '../backend/helpers';
import { startBackend, type RunningBackend } from '../backend/http-server';

// Request bodies are bounded: a declared oversize is refused without reading, a streamed one is
// abandoned at the limit, and a 100 MB upload over real HTTP gets 413 while the server's memory
// stays flat.

const MB = 1024 * 1024;
const CHUNK = 64 * 1024;

/** A lazily generated body of `total` bytes that counts how much of it was pulled. */
function countingStream(total: number): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
  let sent = 0;
  const chunk = new Uint8Array(CHUNK).fill(0x20);
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      sent += CHUNK;
      controller.enqueue(chunk);
    },
  });
  return { stream, pulled: () => sent };
}

let store: BackendHandle;
let key: string;
let backend: RunningBackend;
const savedEnv = process.env.PROXBOX_MAX_BODY_BYTES;

beforeAll(async () => {
  store = useFreshStore();
  key = (await createApiKey(systemActor, { description: 'bodies' })).key;
  backend = await startBackend();
});
afterAll(async () => {
  await backend.stop();
  releaseStore(store);
});
afterEach(() => {
  if (savedEnv === undefined) delete process.env.PROXBOX_MAX_BODY_BYTES;
  else process.env.PROXBOX_MAX_BODY_BYTES = savedEnv;
});

describe('bounded body reader', () => {
  it('refuses a declared oversize without reading, and stops a streamed one at the limit', async () => {
    const declared = countingStream(100 * MB);
    const req = new Request('http://x/', {
      method: 'POST',
      body: declared.stream,
      headers: { 'content-length': String(100 * MB) },
      duplex: 'half',
    } as RequestInit);
    await expect(readBodyBytes(req, MB)).rejects.toThrow(new BodyTooLargeError(MB));
    expect(declared.pulled()).toBeLessThanOrEqual(2 * CHUNK);
    const streamed = countingStream(100 * MB);
    const chunked = new Request('http://x/', { method: 'POST', body: streamed.stream, duplex: 'half' } as RequestInit);
    await expect(readBodyBytes(chunked, MB)).rejects.toThrow('Request body too large: the limit is 1048576 bytes.');
    expect(streamed.pulled()).toBeLessThanOrEqual(MB + 3 * CHUNK);
    const small = new Request('http://x/', { method: 'POST', body: 'hello' });
    expect((await readBodyBytes(small, 5)).toString()).toBe('hello');
  });

  it('the backend register-key route (no credentials) reads at most 16 KiB', async () => {
    const streamed = countingStream(100 * MB);
    const res = await call('POST', 'auth/register-key', { headers: { 'content-type': 'application/json' } }).catch(
      () => null,
    );
    expect(res?.status).not.toBe(413);
    const req = new Request('http://proxbox.test/api/backend/auth/register-key', {
      method: 'POST',
      body: streamed.stream,
      headers: { 'content-type': 'application/json' },
      duplex: 'half',
    } as RequestInit);
    const { POST } = await import('@/app/api/backend/auth/register-key/route');
    const reply = await POST(req, { params: Promise.resolve({}) });
    expect(reply.status).toBe(413);
    expect(await reply.json()).toEqual({
      detail: `Request body too large: the limit is ${UNAUTHENTICATED_BODY_BYTES} bytes.`,
    });
    expect(streamed.pulled()).toBeLessThanOrEqual(UNAUTHENTICATED_BODY_BYTES + 3 * CHUNK);
  });

  it('the NetBox-style API honours PROXBOX_MAX_BODY_BYTES', async () => {
    process.env.PROXBOX_MAX_BODY_BYTES = String(MB);
    const streamed = countingStream(100 * MB);
    const { POST } = await import('@/app/api/plugins/proxbox/sync/route');
    const req = new Request('http://proxbox.test/api/plugins/proxbox/sync/', {
      method: 'POST',
      body: streamed.stream,
      headers: { 'content-type': 'application/json', authorization: `Token ${key}` },
      duplex: 'half',
    } as RequestInit);
    const reply = await POST(req);
    expect(reply.status).toBe(413);
    expect(await reply.json()).toEqual({ detail: 'Request body too large: the limit is 1048576 bytes.' });
    expect(streamed.pulled()).toBeLessThanOrEqual(MB + 3 * CHUNK);
  });
});

/** Streams `total` bytes to `url` (chunked unless `declare`), stops at the response; returns its status and body. */
function upload(
  url: string,
  total: number,
  headers: Record<string, string>,
  declare = false,
): Promise<{ status: number; body: string; sent: number }> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = http.request(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...headers,
        ...(declare ? { 'content-length': String(total) } : {}),
      },
    });
    const chunk = Buffer.alloc(Math.min(CHUNK, total), 0x20);
    const pump = () => {
      while (!answered && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!answered) req.end();
    };
    req.on('response', (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body, sent });
        req.destroy();
      });
    });
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    pump();
  });
}

/** Peak of heap + array buffers while `run` runs, above the level before it. */
async function peakGrowth<T>(run: () => Promise<T>): Promise<{ result: T; growthMb: number }> {
  const level = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const before = level();
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, level())), 5);
  try {
    const result = await run();
    peak = Math.max(peak, level());
    return { result, growthMb: (peak - before) / MB };
  } finally {
    clearInterval(timer);
  }
}

describe('over real HTTP', () => {
  it('a 100 MB chunked upload to an API route gets 413 and the server does not hold it in memory', async () => {
    process.env.PROXBOX_MAX_BODY_BYTES = String(MB);
    const { result, growthMb } = await peakGrowth(() =>
      upload(`${backend.url}/api/backend/proxmox/endpoints`, 100 * MB, { 'x-proxbox-api-key': key }),
    );
    expect(result.status).toBe(413);
    expect(JSON.parse(result.body)).toEqual({ detail: 'Request body too large: the limit is 1048576 bytes.' });
    // The old reader buffered the whole upload (over 100 MB); the bounded one holds at most the limit.
    expect(growthMb).toBeLessThan(24);
  });

  it('a declared 100 MB body is refused before a byte is read, on the unauthenticated route with the small limit', async () => {
    const { result, growthMb } = await peakGrowth(() =>
      upload(`${backend.url}/api/backend/auth/register-key`, 100 * MB, {}, true),
    );
    expect(result.status).toBe(413);
    expect(JSON.parse(result.body)).toEqual({
      detail: `Request body too large: the limit is ${UNAUTHENTICATED_BODY_BYTES} bytes.`,
    });
    expect(result.sent).toBeLessThan(100 * MB);
    expect(growthMb).toBeLessThan(24);
  });

  it('the backend server gives register-key at the root the same guard as under /api/backend/', async () => {
    for (const path of ['/auth/register-key', '/api/backend/auth/register-key']) {
      const declared = await upload(`${backend.url}${path}`, 100 * MB, {}, true);
      expect([declared.status, JSON.parse(declared.body).detail]).toEqual([
        413,
        `Request body too large: the limit is ${UNAUTHENTICATED_BODY_BYTES} bytes.`,
      ]);
      const chunked = await upload(`${backend.url}${path}`, 1024, {});
      expect([chunked.status, JSON.parse(chunked.body).detail]).toEqual([411, 'A Content-Length header is required.']);
    }
    expect(bodyLimitForPath('/auth/register-key')).toBe(UNAUTHENTICATED_BODY_BYTES);
    expect(bodyLimitForPath('/auth/keys')).toBe(maxBodyBytes());
  });

  it('the app server refuses an oversized or undeclared sign-in body before Next sees it', async () => {
    const seen: string[] = [];
    const server = http.createServer(
      stampingListener(async (req, res) => {
        seen.push(req.url ?? '');
        res.end('handled');
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const declared = await upload(
        `${url}/api/auth/callback/credentials`,
        UNAUTHENTICATED_BODY_BYTES + CHUNK,
        {},
        true,
      );
      expect([declared.status, JSON.parse(declared.body).detail]).toEqual([
        413,
        `Request body too large: the limit is ${UNAUTHENTICATED_BODY_BYTES} bytes.`,
      ]);
      const chunked = await upload(`${url}/api/auth/callback/credentials`, 4 * CHUNK, {});
      expect([chunked.status, JSON.parse(chunked.body).detail]).toEqual([411, 'A Content-Length header is required.']);
      process.env.PROXBOX_MAX_BODY_BYTES = String(MB);
      const api = await upload(`${url}/api/dcim/devices/`, 2 * MB, {}, true);
      expect(api.status).toBe(413);
      const ok = await upload(`${url}/api/auth/callback/credentials`, 1024, {}, true);
      expect([ok.status, ok.body]).toEqual([200, 'handled']);
      expect(seen).toEqual(['/api/auth/callback/credentials']);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

import http from 'node:http';
import https from 'node:https';
import { generateSelfSigned } from '@/simulators/proxmox/tls';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NetboxClient, authorizationHeader, type NetboxClientOptions } from '@/lib/netbox/client';
import { NetboxError } from '@/lib/netbox/errors';
import { diskSize, featuresOf, isSupported } from '@/lib/netbox/version';
import { mergeTags, normalizeRemote, sameValue } from '@/lib/netbox/push/compare';

// The NetBox client against a scripted HTTP server on loopback: headers, retries only for
// idempotent requests, paging, batches and their one-by-one fallback, bounds on time and size.

interface Seen {
  method: string;
  url: string;
  auth: string;
  body: unknown;
}
let server: http.Server;
let base: string;
let seen: Seen[] = [];
let inFlight = 0;
let maxInFlight = 0;
/** Answers the next requests, in order; when empty, 200 with `{}`. */
let script: ((req: Seen) => { status: number; body?: unknown; raw?: string; delayMs?: number; hang?: boolean })[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const s: Seen = {
        method: req.method!,
        url: req.url!,
        auth: String(req.headers.authorization ?? ''),
        body: text ? JSON.parse(text) : undefined,
      };
      seen.push(s);
      const next = script.shift()?.(s) ?? { status: 200, body: {} };
      if (next.hang) return;
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      setTimeout(() => {
        inFlight -= 1;
        res.writeHead(next.status, { 'content-type': 'application/json' });
        res.end(next.raw ?? (next.status === 204 ? '' : JSON.stringify(next.body ?? {})));
      }, next.delayMs ?? 0);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});
beforeEach(() => {
  seen = [];
  script = [];
  maxInFlight = 0;
});

const client = (over: Partial<NetboxClientOptions> = {}) =>
  new NetboxClient({
    baseUrl: base,
    token: { version: 'v1', token: 'a'.repeat(40) },
    verifySsl: true,
    maxConcurrent: 4,
    maxRetries: 2,
    retryDelayMs: 1,
    timeoutMs: 2000,
    batchSize: 2,
    batchDelayMs: 0,
    customFieldsDelayMs: 0,
    ...over,
  });

describe('NetBox client', () => {
  it('sends v1 tokens as Token and v2 tokens as Bearer nbt_<key>.<secret>', async () => {
    expect(authorizationHeader({ version: 'v1', token: 'abc' })).toBe('Token abc');
    expect(authorizationHeader({ version: 'v2', key: 'k1', secret: 's1' })).toBe('Bearer nbt_k1.s1');
    expect(authorizationHeader({ version: 'v2', key: 'nbt_k1', secret: 's1' })).toBe('Bearer nbt_k1.s1');
    script = [() => ({ status: 200, body: { 'netbox-version': '4.6.8' } })];
    const c = client({ token: { version: 'v2', key: 'k1', secret: 's1' } });
    expect((await c.status()).version).toBe('4.6.8');
    expect(seen.map((s) => [s.url, s.auth])).toEqual([['/api/status/', 'Bearer nbt_k1.s1']]);
    c.close();
  });

  it('retries reads and updates, never creates', async () => {
    const c = client();
    script = [
      () => ({ status: 503 }),
      () => ({ status: 502 }),
      () => ({ status: 200, body: { 'netbox-version': '4.2.2' } }),
    ];
    expect((await c.status()).version).toBe('4.2.2');
    expect(seen).toHaveLength(3);

    seen = [];
    script = [() => ({ status: 500, body: { error: 'boom' } })];
    const created = await c.createMany('dcim/sites', [{ name: 'a', slug: 'a' }]);
    expect(created[0]).toBeInstanceOf(NetboxError);
    expect((created[0] as NetboxError).message).toBe('POST /api/dcim/sites/: HTTP 500: boom');
    expect(seen).toHaveLength(1);

    seen = [];
    script = [
      () => ({ status: 503 }),
      (s) => ({ status: 200, body: (s.body as unknown[]).map((b, i) => ({ ...(b as object), id: i + 1 })) }),
    ];
    const updated = await c.updateMany('dcim/sites', [{ id: 1, name: 'b' }]);
    expect(updated).toEqual([{ id: 1, name: 'b' }]);
    expect(seen.map((s) => s.method)).toEqual(['PATCH', 'PATCH']);

    seen = [];
    script = [() => ({ status: 503 }), () => ({ status: 503 }), () => ({ status: 503 })];
    await expect(c.list('dcim/sites')).rejects.toMatchObject({ category: 'internal', status: 503 });
    expect(seen).toHaveLength(3);
    expect([c.requests, c.writes]).toEqual([3 + 1 + 2 + 3, 1 + 2]);
    c.close();
  });

  it('reads lists in pages of 1000 until NetBox says there is no next page', async () => {
    const c = client();
    const page = (n: number, next: boolean) => ({
      status: 200,
      body: {
        count: 1500,
        next: next ? 'x' : null,
        previous: null,
        results: Array.from({ length: n }, (_, i) => ({ id: i })),
      },
    });
    script = [() => page(1000, true), () => page(500, false)];
    expect(await c.list('virtualization/virtual-machines', { tag: 'proxbox', cluster_id: [1, 2] })).toHaveLength(1500);
    expect(seen.map((s) => s.url)).toEqual([
      '/api/virtualization/virtual-machines/?tag=proxbox&cluster_id=1&cluster_id=2&limit=1000&offset=0',
      '/api/virtualization/virtual-machines/?tag=proxbox&cluster_id=1&cluster_id=2&limit=1000&offset=1000',
    ]);
    c.close();
  });

  it('writes in batches; a batch NetBox refuses is sent one object at a time so only the bad one fails', async () => {
    const c = client({ batchSize: 2 });
    const ok = (s: Seen) => ({
      status: 201,
      body: (Array.isArray(s.body) ? s.body : [s.body]).map((b) => ({ ...(b as object), id: 7 })),
    });
    script = [
      (s) =>
        (s.body as { name: string }[]).some((b) => b.name === 'bad')
          ? { status: 400, body: [{}, { name: ['bad name'] }] }
          : ok(s),
      (s) =>
        (s.body as { name: string }[]).some((b) => b.name === 'bad')
          ? { status: 400, body: [{}, { name: ['bad name'] }] }
          : ok(s),
      (s) =>
        (s.body as { name: string }).name === 'bad'
          ? { status: 400, body: { name: ['bad name'] } }
          : { status: 201, body: { ...(s.body as object), id: 9 } },
      (s) =>
        (s.body as { name: string }).name === 'bad'
          ? { status: 400, body: { name: ['bad name'] } }
          : { status: 201, body: { ...(s.body as object), id: 9 } },
    ];
    const out = await c.createMany('dcim/sites', [{ name: 'a' }, { name: 'b' }, { name: 'c' }, { name: 'bad' }]);
    expect(out.map((o) => (o instanceof NetboxError ? `error: ${o.message}` : String(o.name)))).toEqual([
      'a',
      'b',
      'c',
      'error: POST /api/dcim/sites/: HTTP 400: name: bad name',
    ]);
    expect(seen.map((s) => `${s.method} ${Array.isArray(s.body) ? s.body.length : 1}`).sort()).toEqual([
      'POST 1',
      'POST 1',
      'POST 2',
      'POST 2',
    ]);
    c.close();
  });

  it('a bulk update NetBox refuses is sent again as one PATCH per object at its own URL, without the id in the body', async () => {
    const c = client({ batchSize: 3 });
    const one = (s: Seen) =>
      s.url === '/api/dcim/sites/5/'
        ? { status: 400, body: { slug: ['taken'] } }
        : { status: 200, body: { ...(s.body as object), id: Number(s.url.split('/')[4]) } };
    script = [() => ({ status: 400, body: [{}, { slug: ['taken'] }] }), one, one, one];
    const out = await c.updateMany('dcim/sites', [
      { id: 4, name: 'a' },
      { id: 5, slug: 'x' },
      { id: 6, name: 'c' },
    ]);
    expect(out.map((o) => (o instanceof NetboxError ? `error: ${o.message}` : `${o.id} ${String(o.name)}`))).toEqual([
      '4 a',
      'error: PATCH /api/dcim/sites/5/: HTTP 400: slug: taken',
      '6 c',
    ]);
    expect(seen[0]).toMatchObject({
      method: 'PATCH',
      url: '/api/dcim/sites/',
      body: [
        { id: 4, name: 'a' },
        { id: 5, slug: 'x' },
        { id: 6, name: 'c' },
      ],
    });
    expect(
      seen
        .slice(1)
        .map((s) => `${s.method} ${s.url} ${JSON.stringify(s.body)}`)
        .sort(),
    ).toEqual([
      'PATCH /api/dcim/sites/4/ {"name":"a"}',
      'PATCH /api/dcim/sites/5/ {"slug":"x"}',
      'PATCH /api/dcim/sites/6/ {"name":"c"}',
    ]);
    c.close();
  });

  it('keeps at most netbox_max_concurrent requests in flight, and one at a time with a batch delay', async () => {
    const parallel = client({ batchSize: 1, maxConcurrent: 2 });
    script = Array.from({ length: 6 }, () => (s: Seen) => ({
      status: 201,
      body: [{ ...(s.body as object[])[0], id: 1 }],
      delayMs: 30,
    }));
    await parallel.createMany(
      'dcim/sites',
      Array.from({ length: 6 }, (_, i) => ({ name: `s${i}` })),
    );
    expect(maxInFlight).toBe(2);
    parallel.close();
    maxInFlight = 0;
    const paced = client({ batchSize: 1, maxConcurrent: 4, batchDelayMs: 5 });
    script = Array.from({ length: 3 }, () => (s: Seen) => ({
      status: 201,
      body: [{ ...(s.body as object[])[0], id: 1 }],
      delayMs: 20,
    }));
    await paced.createMany(
      'dcim/sites',
      Array.from({ length: 3 }, (_, i) => ({ name: `s${i}` })),
    );
    expect(maxInFlight).toBe(1);
    paced.close();
  });

  it('bounds an answer in time and size, and says a refused token is refused', async () => {
    const slow = client({ timeoutMs: 100, maxRetries: 0 });
    script = [() => ({ status: 200, hang: true })];
    await expect(slow.status()).rejects.toMatchObject({
      category: 'timeout',
      message: expect.stringContaining('within 100 ms'),
    });
    slow.close();
    const small = client({ maxBytes: 1000, maxRetries: 0 });
    script = [() => ({ status: 200, raw: JSON.stringify({ 'netbox-version': 'x'.repeat(5000) }) })];
    await expect(small.status()).rejects.toMatchObject({
      category: 'internal',
      message: expect.stringContaining('larger than 1000 bytes'),
    });
    script = [() => ({ status: 403, body: { detail: 'Invalid v1 token' } })];
    await expect(small.status()).rejects.toMatchObject({
      category: 'authentication',
      message: 'NetBox refused the v1 token (Invalid v1 token)',
    });
    script = [() => ({ status: 403, body: { detail: 'You do not have permission to perform this action.' } })];
    await expect(small.status()).rejects.toMatchObject({ category: 'permission' });
    small.close();
    // The token never appears in an error.
    const leaky = client({ maxRetries: 0, token: { version: 'v1', token: 'SECRETSECRETSECRET' } });
    script = [() => ({ status: 400, body: { detail: 'bad token SECRETSECRETSECRET' } })];
    await expect(leaky.list('dcim/sites')).rejects.toMatchObject({
      message: expect.not.stringContaining('SECRETSECRETSECRET'),
    });
    leaky.close();
  });
});

describe('NetBox client over HTTPS', () => {
  it('checks the certificate per endpoint: refused when untrusted, accepted with its CA or with verification off', async () => {
    const tls = await generateSelfSigned('netbox.test', '127.0.0.1');
    const secure = https.createServer({ key: tls.key, cert: tls.cert }, (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ 'netbox-version': '4.2.2' }));
    });
    await new Promise<void>((r) => secure.listen(0, '127.0.0.1', r));
    const url = `https://127.0.0.1:${(secure.address() as AddressInfo).port}`;
    try {
      const strict = client({ baseUrl: url, maxRetries: 0 });
      await expect(strict.status()).rejects.toMatchObject({
        category: 'connection',
        message: expect.stringContaining('is not trusted'),
        suggestion: 'Add the CA certificate to the NetBox endpoint, or turn off Verify SSL.',
      });
      strict.close();
      const withCa = client({ baseUrl: url, caCertificate: tls.cert });
      expect((await withCa.status()).version).toBe('4.2.2');
      withCa.close();
      const lax = client({ baseUrl: url, verifySsl: false });
      expect((await lax.status()).version).toBe('4.2.2');
      lax.close();
      // Plain HTTP against the HTTPS port is a protocol error, not a hang.
      const plain = client({ baseUrl: url.replace('https:', 'http:'), maxRetries: 0, timeoutMs: 2000 });
      await expect(plain.status()).rejects.toMatchObject({ category: 'connection' });
      plain.close();
    } finally {
      secure.closeAllConnections();
      await new Promise<void>((r) => secure.close(() => r()));
    }
  });
});

describe('NetBox versions and comparisons', () => {
  it('derives the differences from netbox-version', () => {
    expect(featuresOf('4.0.11')).toEqual({
      version: '4.0.11',
      macObjects: false,
      diskMb: false,
      startOnBoot: false,
      vmType: false,
      pausedStatus: false,
    });
    expect(featuresOf('4.1.0')).toMatchObject({ macObjects: false, diskMb: true });
    expect(featuresOf('4.2.2')).toMatchObject({
      macObjects: true,
      diskMb: true,
      startOnBoot: false,
      pausedStatus: false,
    });
    expect(featuresOf('4.2.4')).toMatchObject({ pausedStatus: true });
    expect(featuresOf('4.6.8-Docker-3.2.1')).toMatchObject({ macObjects: true, startOnBoot: true, vmType: true });
    expect(() => featuresOf('unknown')).toThrow('unreadable version');
    expect([isSupported('3.7.8'), isSupported('4.0.0'), isSupported('v5.0')]).toEqual([false, true, true]);
    expect([
      diskSize(32768, featuresOf('4.2.2')),
      diskSize(32768, featuresOf('4.0.1')),
      diskSize(100, featuresOf('4.0.1')),
    ]).toEqual([32768, 33, 1]);
  });

  it('compares NetBox values with what the push writes, and merges tags keeping hand-made ones', () => {
    expect(normalizeRemote({ id: 3, url: 'x', display: 'c' })).toBe(3);
    expect(normalizeRemote({ value: 'active', label: 'Active' })).toBe('active');
    expect([
      sameValue(2, 2.0),
      sameValue('', null),
      sameValue('BC:24:11:00:00:01', 'bc:24:11:00:00:01'),
      sameValue('a', 'A'),
      sameValue(0, null),
    ]).toEqual([true, true, true, false, false]);
    const managed = new Set(['proxbox', 'proxbox-stale']);
    expect(mergeTags(['hand', 'proxbox-stale'], ['proxbox'], managed)).toEqual(['hand', 'proxbox']);
    expect(mergeTags(['hand'], ['proxbox', 'proxbox-stale'], managed)).toEqual(['hand', 'proxbox', 'proxbox-stale']);
  });
});

import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `npm run sim:netbox` in its own process, driven through the /__sim/ control API as a benchmark would.
const root = path.join(import.meta.dirname, '..', '..', '..');
const TOKEN = 'c'.repeat(40);
let child: ChildProcess;
let info: { url: string; version: string; tokens: { v1: string[] } };

beforeAll(async () => {
  child = spawn(
    path.join(root, 'node_modules', '.bin', 'tsx'),
    ['scripts/netbox-sim.ts', '--version', '4.6', '--port', '0', '--token', TOKEN, '--control', '--json'],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  info = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]) as typeof info);
    });
    child.on('exit', (code) => reject(new Error(`simulator exited with ${String(code)}`)));
  });
});
afterAll(() => {
  child.kill('SIGTERM');
});

const call = async (method: string, p: string, body?: unknown, token = TOKEN) => {
  const res = await fetch(`${info.url}${p}`, {
    method,
    headers: { Authorization: `Token ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
};

describe('npm run sim:netbox', () => {
  it('prints its URL and serves the chosen release with the given token', async () => {
    expect(info).toMatchObject({ version: '4.6', tokens: { v1: [TOKEN] } });
    expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await call('GET', '/api/status/')).body).toMatchObject({ 'netbox-version': '4.6.8' });
    expect((await call('GET', '/api/status/', undefined, 'd'.repeat(40))).status).toBe(403);
  });

  it('exposes the request log, faults and latency on /__sim/ behind the token', async () => {
    await call('DELETE', '/__sim/requests/');
    expect(
      (await call('POST', '/__sim/faults/', { method: 'POST', path: '/api/extras/tags/', status: 503 })).status,
    ).toBe(204);
    expect((await call('POST', '/api/extras/tags/', { name: 'a', slug: 'a' })).status).toBe(503);
    expect((await call('POST', '/api/extras/tags/', { name: 'a', slug: 'a' })).status).toBe(201);
    const log = (await call('GET', '/__sim/requests/')).body as {
      requests: { method: string; status: number; objects?: number }[];
    };
    expect(log.requests.map((r) => [r.method, r.status, r.objects])).toEqual([
      ['POST', 503, undefined],
      ['POST', 201, 1],
    ]);
    expect((await call('PUT', '/__sim/latency/', { ms: -1 })).body).toEqual({
      detail: 'ms (a number ≥ 0) is required',
    });
    expect((await call('GET', '/__sim/requests/', undefined, 'd'.repeat(40))).status).toBe(403);
  });
});

// Pure parts of the transport layer: paths, queue order, backoff bounds and error classification.
import { describe, expect, it } from 'vitest';
import { classifyTransportError, permissionSuggestion, type RequestContext } from '@/lib/proxmox/http/classify';
import { buildQuery, hostPort, nodeOfPath, normalizeBaseUrl, pvePath } from '@/lib/proxmox/http/path';
import { backoffDelay, Lane, RequestQueue, sleep } from '@/lib/proxmox/http/queue';
import { TransportError } from '@/lib/proxmox/http/transport';

const ctx: RequestContext = { path: '/nodes/pve1/qemu', host: 'pve1:8006', timeoutMs: 5000, redact: (t) => t };

describe('paths', () => {
  it('encodes interpolations only', () => {
    expect(pvePath`/nodes/${'pve/1'}/qemu/${100}/snapshot/${'before upgrade'}/config`).toBe(
      '/nodes/pve%2F1/qemu/100/snapshot/before%20upgrade/config',
    );
  });

  it('builds queries with 0/1 booleans and without undefined values', () => {
    expect(buildQuery({ type: 'vm', full: true, errors: false, vmid: undefined })).toBe('?type=vm&full=1&errors=0');
    expect(buildQuery({})).toBe('');
    expect(buildQuery(undefined)).toBe('');
  });

  it('normalises base URLs and names host:port', () => {
    expect(normalizeBaseUrl('https://pve1.example.com:8006/api2/json/').href).toBe('https://pve1.example.com:8006/');
    expect(hostPort(normalizeBaseUrl('https://pve1'))).toBe('pve1:443');
    expect(() => normalizeBaseUrl('https://root:pw@pve1:8006')).toThrow(TypeError);
    expect(() => normalizeBaseUrl('pve1:8006')).toThrow(TypeError);
    expect(nodeOfPath('/nodes/pve%202/status')).toBe('pve 2');
    expect(nodeOfPath('/cluster/status')).toBeNull();
  });
});

describe('RequestQueue', () => {
  it('starts waiting tasks in arrival order and never exceeds the limit', async () => {
    const queue = new RequestQueue(2);
    const started: number[] = [];
    let peak = 0;
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        queue.run(async () => {
          started.push(i);
          peak = Math.max(peak, queue.active);
          await sleep(5);
        }),
      ),
    );
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(peak).toBe(2);
    expect(queue.active).toBe(0);
    expect(queue.waiting).toBe(0);
  });

  it('starts waiting tasks by priority number, in arrival order among equals', async () => {
    const queue = new RequestQueue(1);
    const started: string[] = [];
    const task = (name: string) => async () => {
      started.push(name);
      await sleep(2);
    };
    await Promise.all([
      queue.run(task('first'), 5),
      queue.run(task('a3'), 3),
      queue.run(task('b5'), 5),
      queue.run(task('c1'), 1),
      queue.run(task('d3'), 3),
      queue.run(task('e0')),
      queue.run(task('f1'), 1),
    ]);
    // The first starts at once; the waiters go by number: 0, 1, 1, 3, 3, 5.
    expect(started).toEqual(['first', 'e0', 'c1', 'f1', 'a3', 'd3', 'b5']);
    expect(queue.active).toBe(0);
  });

  it('passes over waiters whose lane is full, and starts them first when it frees', async () => {
    const run = async (limit: number, tasks: [name: string, ms: number, priority: number, inLane: boolean][]) => {
      const queue = new RequestQueue(limit);
      const lane = new Lane(1);
      const started: string[] = [];
      let inFlight = 0;
      let peak = 0;
      await Promise.all(
        tasks.map(([name, ms, priority, inLane]) =>
          queue.run(
            async () => {
              started.push(name);
              if (inLane) peak = Math.max(peak, ++inFlight);
              await sleep(ms);
              if (inLane) inFlight--;
            },
            priority,
            inLane ? lane : undefined,
          ),
        ),
      );
      expect(peak).toBe(1);
      expect([lane.active, queue.active, queue.waiting]).toEqual([0, 0, 0]);
      return started;
    };
    // L2 waits for the lane while z takes the slot x frees, though L2 has the lower number.
    expect(
      await run(3, [
        ['L1', 30, 1, true],
        ['L2', 1, 1, true],
        ['x', 1, 5, false],
        ['y', 1, 5, false],
        ['z', 1, 5, false],
      ]),
    ).toEqual(['L1', 'x', 'y', 'z', 'L2']);
    // When L1 ends, its slot and its lane free together: L2 goes before c, which waited as long.
    expect(
      await run(2, [
        ['L1', 10, 1, true],
        ['a', 40, 5, false],
        ['L2', 1, 1, true],
        ['c', 1, 5, false],
      ]),
    ).toEqual(['L1', 'a', 'L2', 'c']);
    expect(() => new Lane(0)).toThrow(RangeError);
  });

  it('frees the slot when a task throws', async () => {
    const queue = new RequestQueue(1);
    await expect(queue.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(queue.run(async () => 'next')).resolves.toBe('next');
  });

  it('backs off exponentially within [ceiling/2, ceiling]', () => {
    expect(backoffDelay(0, 300, () => 0)).toBe(150);
    expect(backoffDelay(0, 300, () => 1)).toBe(300);
    expect(backoffDelay(2, 300, () => 0.5)).toBe(900);
  });
});

describe('classification', () => {
  it('parses privileges out of 403 texts', () => {
    expect(permissionSuggestion('Permission check failed (/vms/100, VM.Audit)')).toBe(
      'token lacks VM.Audit on /vms/100 (grant PVEAuditor on / to the token)',
    );
    expect(
      permissionSuggestion('Permission check failed (/storage/local, Datastore.Audit|Datastore.AllocateSpace)'),
    ).toContain('Datastore.Audit or Datastore.AllocateSpace on /storage/local');
    expect(
      permissionSuggestion(
        "Permission check failed (URI '/access/ticket' not available with API token, need proper ticket.)",
      ),
    ).toBe('This endpoint cannot be used with an API token');
    expect(permissionSuggestion('Forbidden')).toContain('grant PVEAuditor on / to the token');
  });

  it.each([
    ['ENOTFOUND', 'connection', false],
    ['ECONNREFUSED', 'connection', true],
    ['ECONNRESET', 'connection', true],
    ['EHOSTUNREACH', 'connection', true],
    ['ETIMEDOUT', 'timeout', true],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'connection', false],
    ['CERT_HAS_EXPIRED', 'connection', false],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'connection', false],
  ] as const)('%s → %s, retryable %s', (code, category, retryable) => {
    const failure = classifyTransportError(new TransportError('network', code, code), ctx);
    expect(failure.error.category).toBe(category);
    expect(failure.retryable).toBe(retryable);
    expect(failure.error.path).toBe('/nodes/pve1/qemu');
  });

  it('an oversized answer is internal and not retried', () => {
    const failure = classifyTransportError(
      new TransportError('too_large', null, 'answer larger than 67108864 bytes'),
      ctx,
    );
    expect(failure).toMatchObject({ retryable: false, error: { category: 'internal' } });
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_V1_TOKEN,
  DEFAULT_V2_TOKEN,
  NetboxError,
  startNetboxSimulator,
  type NetboxVersion,
} from '@/simulators/netbox';
import { results, startClient, type Client, type Obj } from './helpers';

const V1 = 'a'.repeat(40);
const V2 = { key: 'AbCdEf012345', secret: 'S'.repeat(40) };
let open: Client[] = [];
async function client(opts: Parameters<typeof startClient>[0] = {}): Promise<Client> {
  const c = await startClient(opts);
  open.push(c);
  return c;
}
afterEach(async () => {
  await Promise.all(open.map((c) => c.sim.stop()));
  open = [];
});

describe('authentication', () => {
  it.each([
    ['4.6', `Token ${V1}`, 200, undefined],
    ['4.6', `Bearer nbt_${V2.key}.${V2.secret}`, 200, undefined],
    ['4.6', `Token nbt_${V2.key}.${V2.secret}`, 200, undefined],
    ['4.6', `Token ${'b'.repeat(40)}`, 403, 'Invalid v1 token'],
    ['4.6', `Bearer nbt_${V2.key}.${'x'.repeat(40)}`, 403, 'Invalid v2 token'],
    [
      '4.6',
      `Bearer nbt_${V2.key}`,
      403,
      "Invalid v2 token: Could not parse key from v2 token. Did you mean to use 'Token' instead of 'Bearer'?",
    ],
    [
      '4.6',
      `Token a b`,
      403,
      'Invalid authorization header: Must be in the form "Bearer <key>.<token>" or "Token <token>"',
    ],
    ['4.6', null, 403, 'Authentication credentials were not provided.'],
    ['4.2', `Token ${V1}`, 200, undefined],
    ['4.2', `Token ${'b'.repeat(40)}`, 403, 'Invalid token'],
    ['4.2', `Bearer nbt_${V2.key}.${V2.secret}`, 403, 'Authentication credentials were not provided.'],
    ['4.2', `Token nbt_${V2.key}.${V2.secret}`, 403, 'Invalid token'],
    ['4.2', 'Token', 403, 'Invalid token header. No credentials provided.'],
    ['4.0', `Token ${V1}`, 200, undefined],
    ['4.0', 'Basic dXNlcjpwYXNz', 403, 'Authentication credentials were not provided.'],
  ] as [NetboxVersion, string | null, number, string | undefined][])(
    'NetBox %s, %s → %i',
    async (version, header, status, detail) => {
      const c = await client({ version, tokens: { v1: [V1], v2: [V2] } });
      const r = await c.call('GET', '/api/status/', undefined, header);
      expect(r.status).toBe(status);
      if (detail) expect(r.body).toEqual({ detail });
      else expect((r.body as Obj)['netbox-version']).toBe({ '4.0': '4.0.11', '4.2': '4.2.2', '4.6': '4.6.8' }[version]);
      expect(r.headers.get('api-version')).toBe(version);
    },
  );

  it('default tokens, and read-only tokens get 403 on writes only', async () => {
    const c = await client({ version: '4.6', writeTokens: [DEFAULT_V2_TOKEN.key] });
    const v2 = `Bearer nbt_${DEFAULT_V2_TOKEN.key}.${DEFAULT_V2_TOKEN.secret}`;
    expect((await c.call('POST', '/api/extras/tags/', { name: 'a', slug: 'a' }, v2)).status).toBe(201);
    expect(await c.call('POST', '/api/extras/tags/', { name: 'b', slug: 'b' })).toMatchObject({
      status: 403,
      body: { detail: 'You do not have permission to perform this action.' },
    });
    expect((await c.get('/api/extras/tags/')).status).toBe(200);
    expect(results(await c.get('/api/extras/tags/')).map((t) => t.slug)).toEqual(['a']);
  });
});

describe('routing', () => {
  it('404, 405 and the trailing-slash redirect', async () => {
    const c = await client();
    expect(await c.get('/api/virtualization/virtual-machines/7/')).toMatchObject({
      status: 404,
      body: { detail: 'No VirtualMachine matches the given query.' },
    });
    expect(await c.get('/api/ipam/vrfs/')).toMatchObject({ status: 404, body: { detail: 'Not found.' } });
    expect(await c.get('/api/virtualization/virtual-machine-types/')).toMatchObject({ status: 404 });
    expect(await c.post('/api/status/', {})).toMatchObject({
      status: 405,
      body: { detail: 'Method "POST" not allowed.' },
    });
    await c.make('/api/extras/tags/', { name: 't', slug: 't' });
    expect(await c.post('/api/extras/tags/1/', {})).toMatchObject({
      status: 405,
      body: { detail: 'Method "POST" not allowed.' },
    });
    const r = await c.get('/api/extras/tags?limit=1');
    expect(r.status).toBe(301);
    expect(r.headers.get('location')).toBe('/api/extras/tags/?limit=1');
    expect(await c.call('POST', '/api/extras/tags/', '{not json' as unknown)).toMatchObject({ status: 400 });
  });
});

describe('lists', () => {
  it('paginates with limit capped at 1000, limit=0 as the maximum, and absolute links keeping filters', async () => {
    const c = await client();
    const tags = Array.from({ length: 1205 }, (_, i) => ({
      name: `t${i}`,
      slug: `t${i}`,
      description: i % 2 ? 'odd' : 'even',
    }));
    expect((await c.post('/api/extras/tags/', tags)).status).toBe(201);
    const big = await c.get('/api/extras/tags/?limit=5000');
    expect(results(big)).toHaveLength(1000);
    expect(big.body).toMatchObject({
      count: 1205,
      previous: null,
      next: `${c.sim.url}/api/extras/tags/?limit=1000&offset=1000`,
    });
    expect(results(await c.get('/api/extras/tags/?limit=0'))).toHaveLength(1000);
    expect(results(await c.get('/api/extras/tags/'))).toHaveLength(50);
    expect(results(await c.get('/api/extras/tags/?limit=bogus'))).toHaveLength(50);
    const page = await c.get('/api/extras/tags/?description=odd&limit=100&offset=200');
    expect(page.body).toMatchObject({
      count: 602,
      next: `${c.sim.url}/api/extras/tags/?description=odd&limit=100&offset=300`,
      previous: `${c.sim.url}/api/extras/tags/?description=odd&limit=100&offset=100`,
    });
    expect((await c.get('/api/extras/tags/?limit=100&offset=100')).body).toMatchObject({
      previous: `${c.sim.url}/api/extras/tags/?limit=100`,
    });
    expect(results(await c.get('/api/extras/tags/?offset=5000'))).toEqual([]);
    const natural = results(await c.get('/api/extras/tags/?limit=3'));
    expect(natural.map((t) => t.name)).toEqual(['t0', 't1', 't2']);
    expect(results(await c.get('/api/extras/tags/?limit=3&offset=9')).map((t) => t.name)).toEqual(['t9', 't10', 't11']);
    expect(results(await c.get('/api/extras/tags/?ordering=-name,nonsense&limit=2')).map((t) => t.name)).toEqual([
      't1204',
      't1203',
    ]);
    expect(c.sim.requests.at(-1)).toEqual({
      method: 'GET',
      path: '/api/extras/tags/',
      query: 'ordering=-name,nonsense&limit=2',
      status: 200,
      objects: 2,
      ms: expect.any(Number),
    });
  });

  it('filters: unknown ignored, repeated values OR, tags AND, invalid values 400, q and brief', async () => {
    const c = await client();
    const [a, b] = [
      await c.make('/api/extras/tags/', { name: 'a', slug: 'a' }),
      await c.make('/api/extras/tags/', { name: 'b', slug: 'b' }),
    ];
    const type = await c.make('/api/virtualization/cluster-types/', { name: 'PVE', slug: 'pve' });
    const c1 = await c.make('/api/virtualization/clusters/', { name: 'c1', type: type.id });
    const c2 = await c.make('/api/virtualization/clusters/', { name: 'c2', type: type.id, status: 'planned' });
    await c.post('/api/virtualization/virtual-machines/', [
      { name: 'vm10', cluster: c1.id, tags: [a.id, b.id], description: 'Web server' },
      { name: 'vm2', cluster: c1.id, tags: [a.id] },
      { name: 'vm3', cluster: c2.id, status: 'offline' },
    ]);
    const names = async (q: string) =>
      results(await c.get(`/api/virtualization/virtual-machines/?${q}`)).map((v) => v.name);
    expect(await names('')).toEqual(['vm2', 'vm3', 'vm10']);
    expect(await names('frobnicate=1')).toEqual(['vm2', 'vm3', 'vm10']);
    expect(await names(`cluster_id=${String(c1.id)}`)).toEqual(['vm2', 'vm10']);
    expect(await names(`cluster_id=${String(c1.id)}&cluster_id=${String(c2.id)}`)).toEqual(['vm2', 'vm3', 'vm10']);
    expect(await names('tag=a&tag=b')).toEqual(['vm10']);
    expect(await names('tag=a')).toEqual(['vm2', 'vm10']);
    expect(await names('tag__n=a')).toEqual(['vm3']);
    expect(await names('status=offline')).toEqual(['vm3']);
    expect(await names('name=vm2&name=vm3')).toEqual(['vm2', 'vm3']);
    expect(await names('name__ic=M1')).toEqual(['vm10']);
    expect(await names('q=web')).toEqual(['vm10']);
    expect(await names('cluster=c2')).toEqual(['vm3']);
    expect((await c.get('/api/virtualization/virtual-machines/?status=running')).body).toEqual({
      status: ['Select a valid choice. running is not one of the available choices.'],
    });
    expect((await c.get('/api/virtualization/virtual-machines/?cluster_id=999')).body).toEqual({
      cluster_id: ['Select a valid choice. 999 is not one of the available choices.'],
    });
    expect((await c.get('/api/virtualization/virtual-machines/?tag=nope')).body).toEqual({
      tag: ['Select a valid choice. nope is not one of the available choices.'],
    });
    expect((await c.get('/api/virtualization/virtual-machines/?id=x')).body).toEqual({ id: ['Enter a number.'] });
    const brief = results(await c.get('/api/virtualization/clusters/?brief=true'));
    expect(brief[0]).toEqual({
      id: c1.id,
      url: `${c.sim.url}/api/virtualization/clusters/${String(c1.id)}/`,
      display: 'c1',
      name: 'c1',
      description: '',
      virtualmachine_count: 2,
    });
    expect(results(await c.get('/api/virtualization/clusters/?fields=id,name'))).toEqual([
      { id: c1.id, name: 'c1' },
      { id: c2.id, name: 'c2' },
    ]);
  });
});

describe('bulk writes are all-or-nothing', () => {
  it('bulk create: one error dict per item, nothing created when any fails', async () => {
    const c = await client();
    const r = await c.post('/api/extras/tags/', [
      { name: 'ok', slug: 'ok' },
      { name: 'bad' },
      { name: 'ok2', slug: 'ok2' },
      { name: 'OK', slug: 'ok' },
    ]);
    expect(r).toMatchObject({
      status: 400,
      body: [{}, { slug: ['This field is required.'] }, {}, { slug: ['tag with this slug already exists.'] }],
    });
    expect((await c.get('/api/extras/tags/')).body).toMatchObject({ count: 0 });
    const ok = await c.post('/api/extras/tags/', [
      { name: 'x', slug: 'x' },
      { name: 'y', slug: 'y' },
    ]);
    expect(ok.status).toBe(201);
    expect((ok.body as Obj[]).map((t) => t.name)).toEqual(['x', 'y']);
    expect(c.sim.requests.at(-1)).toMatchObject({ method: 'POST', status: 201, objects: 2 });
  });

  it("bulk update: the first invalid object's errors, nothing changed; unknown ids skipped; missing ids 400", async () => {
    const c = await client();
    const [x, y] = (
      await c.post('/api/extras/tags/', [
        { name: 'x', slug: 'x' },
        { name: 'y', slug: 'y' },
      ])
    ).body as Obj[];
    expect(
      await c.patch('/api/extras/tags/', [
        { id: x.id, description: 'changed' },
        { id: y.id, slug: 'x' },
      ]),
    ).toMatchObject({ status: 400, body: { slug: ['tag with this slug already exists.'] } });
    expect(((await c.get(`/api/extras/tags/${String(x.id)}/`)).body as Obj).description).toBe('');
    expect(
      await c.patch('/api/extras/tags/', [{ id: x.id, description: 'a' }, { description: 'no id' }]),
    ).toMatchObject({ status: 400, body: [{}, { id: ['This field is required.'] }] });
    const ok = await c.patch('/api/extras/tags/', [
      { id: y.id, description: 'b' },
      { id: x.id, description: 'a' },
      { id: 999, description: 'ghost' },
    ]);
    expect(ok.status).toBe(200);
    expect((ok.body as Obj[]).map((t) => [t.name, t.description])).toEqual([
      ['x', 'a'],
      ['y', 'b'],
    ]);
    expect(c.sim.requests.at(-1)).toMatchObject({ method: 'PATCH', status: 200, objects: 3 });
  });

  it('bulk delete: a protected object stops the whole list', async () => {
    const c = await client();
    const t1 = await c.make('/api/virtualization/cluster-types/', { name: 'a', slug: 'a' });
    const t2 = await c.make('/api/virtualization/cluster-types/', { name: 'b', slug: 'b' });
    await c.make('/api/virtualization/clusters/', { name: 'keeps-b', type: t2.id });
    expect((await c.call('DELETE', '/api/virtualization/cluster-types/', [{ id: t1.id }, { id: t2.id }])).status).toBe(
      409,
    );
    expect((await c.get('/api/virtualization/cluster-types/')).body).toMatchObject({ count: 2 });
    expect((await c.call('DELETE', '/api/virtualization/cluster-types/', [{ id: t1.id }, { id: 999 }])).status).toBe(
      204,
    );
    expect((await c.get('/api/virtualization/cluster-types/')).body).toMatchObject({ count: 1 });
  });
});

describe('faults, latency and the request log', () => {
  it('a fault before the request changes nothing; after, the change is made but the client sees the failure', async () => {
    const c = await client({ version: '4.6' });
    c.sim.faults.failNext({ method: 'POST', path: '/api/extras/tags/' }, 500);
    expect(await c.post('/api/extras/tags/', { name: 'a', slug: 'a' })).toMatchObject({
      status: 500,
      body: { error: 'Simulated failure', exception: 'SimulatedFault', netbox_version: '4.6.8' },
    });
    expect((await c.get('/api/extras/tags/')).body).toMatchObject({ count: 0 });
    c.sim.faults.failNext({ path: /^\/api\/extras\//, after: true }, 504, 2);
    expect(await c.post('/api/extras/tags/', { name: 'a', slug: 'a' })).toMatchObject({ status: 504, body: undefined });
    expect((await c.get('/api/extras/tags/')).status).toBe(504);
    expect((await c.get('/api/extras/tags/')).body).toMatchObject({ count: 1 });
    c.sim.faults.failNext({ method: 'GET' }, 429);
    c.sim.faults.clear();
    expect((await c.get('/api/status/')).status).toBe(200);
    expect(c.sim.requests.map((r) => `${r.method} ${r.status}`)).toEqual([
      'POST 500',
      'GET 200',
      'POST 504',
      'GET 504',
      'GET 200',
      'GET 200',
    ]);
    c.sim.resetRequests();
    expect(c.sim.requests).toEqual([]);
  });

  it('holds every request for the latency, and answers at once after setLatency(0)', async () => {
    // No clock is read: a request is "held" when it is still unanswered after a 20 ms head start of
    // a latency far beyond the test timeout, and setLatency(0) must let the next one through.
    const c = await client({ latencyMs: 10 * 60_000 });
    let answered = false;
    // stop() in afterEach cuts the held request.
    c.get('/api/status/').then(
      () => (answered = true),
      () => undefined,
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(answered).toBe(false);
    c.sim.faults.setLatency(0);
    expect((await c.get('/api/status/')).status).toBe(200);
    expect(answered).toBe(false);
  });
});

describe('startup', () => {
  it('listens on loopback only', async () => {
    await expect(startNetboxSimulator({ host: '0.0.0.0' })).rejects.toThrow(
      'netbox simulator: listens on loopback addresses only (got 0.0.0.0)',
    );
    await expect(startNetboxSimulator({ host: '192.168.1.10' })).rejects.toThrow('loopback addresses only');
  });
});

describe('direct store access', () => {
  it('validates like the API and renders like it', async () => {
    const c = await client();
    const tag = c.sim.store.create('extras/tags', { name: 'hand', slug: 'hand' });
    expect(tag).toMatchObject({ id: 1, url: `${c.sim.url}/api/extras/tags/1/`, display: 'hand' });
    expect(() => c.sim.store.create('extras/tags', { name: 'hand', slug: 'other' })).toThrow(NetboxError);
    try {
      c.sim.store.create('extras/tags', { name: 'hand', slug: 'other' });
    } catch (err) {
      expect((err as NetboxError).body).toEqual({ name: ['tag with this name already exists.'] });
    }
    expect(c.sim.store.update('extras/tags', 1, { color: '00ff00' })).toMatchObject({ color: '00ff00' });
    expect(c.sim.store.list('extras/tags')).toEqual([(await c.get('/api/extras/tags/1/')).body]);
    c.sim.store.delete('extras/tags', 1);
    expect(c.sim.store.get('extras/tags', 1)).toBeUndefined();
    expect(c.sim.requests).toHaveLength(1);
    expect(DEFAULT_V1_TOKEN).toHaveLength(40);
  });
});

describe('cursor pagination (4.6)', () => {
  it('pages by id with start, without count or previous; refuses offset and ordering', async () => {
    const c = await client({ version: '4.6' });
    await c.post(
      '/api/extras/tags/',
      Array.from({ length: 5 }, (_, i) => ({ name: `t${i}`, slug: `t${i}` })),
    );
    const first = await c.get('/api/extras/tags/?start=2&limit=2');
    expect(first.body).toMatchObject({
      count: null,
      previous: null,
      next: `${c.sim.url}/api/extras/tags/?start=4&limit=2`,
    });
    expect(results(first).map((t) => t.id)).toEqual([2, 3]);
    const last = await c.get('/api/extras/tags/?start=4&limit=2');
    expect(results(last).map((t) => t.id)).toEqual([4, 5]);
    expect((last.body as Obj).next).toBe(`${c.sim.url}/api/extras/tags/?start=6&limit=2`);
    expect((await c.get('/api/extras/tags/?start=6&limit=2')).body).toEqual({
      count: null,
      next: null,
      previous: null,
      results: [],
    });
    expect((await c.get('/api/extras/tags/?start=0&offset=2')).body).toEqual({
      detail: "'start' and 'offset' are mutually exclusive.",
    });
    expect((await c.get('/api/extras/tags/?start=0&ordering=name')).body).toEqual({
      detail: 'Ordering cannot be specified in conjunction with cursor-based pagination.',
    });
    expect((await c.get('/api/extras/tags/?start=-1')).status).toBe(400);
    const c42 = await client({ version: '4.2' });
    expect((await c42.get('/api/extras/tags/?start=2')).body).toMatchObject({ count: 0, results: [] });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { BackendHandle } from '@/db/backend/client';
import type { DatabaseHandle } from '@/db/client';
import { proxboxPluginSettings, proxmoxClusters, syncJobs, virtualMachines } from '@/db/schema';
import { clearNetboxStatusCache } from '@/lib/netbox/endpoint';
import { startSimulator, type Simulator } from '@/simulators/proxmox';
import { DEFAULT_V1_TOKEN, startNetboxSimulator, type NetboxSimulator } from '@/simulators/netbox';
import { closeTestDatabase, openTestDatabase, testDriver } from '../../../helpers/db';
import { releaseStore, useFreshStore } from '../helpers';
import { startBackend, type RunningBackend } from '../http-server';
import { contractProblems, parseFrames, type Frame } from './sse-contract';

// Replays, over real HTTP against the standalone backend (`npm run backend`), the requests the
// netbox-proxbox plugin v0.0.14 makes of proxbox-api, at the paths it uses (the root, not
// /api/backend/): the bootstrap on the FastAPI endpoint's first save, the endpoint pushes of its
// save signals and job preflight, its cluster/node read, the per-stage streams of a sync job and
// the single-shot full update, and a VM's "Sync now" — checking each answer's shape, every event
// against the event contract, and that the sync ends in the plugin's NetBox (the NetBox
// simulator).

// The plugin's FastAPI endpoint token: secrets.token_urlsafe(48) → 64 URL-safe characters.
const PLUGIN_TOKEN = 'k3Jd_9sLq-0aZ8xWc7VbN6mQ5rT4yU3iO2pE1hG_fD-sA9zX8cV7bN6mM5lK4jH3';

let db: DatabaseHandle;
let store: BackendHandle;
let backend: RunningBackend;
let pve: Simulator;
let netbox: NetboxSimulator;

beforeAll(async () => {
  db = await openTestDatabase();
  await db.db.update(proxboxPluginSettings).set({ netboxRetryDelay: 0.01 });
  store = useFreshStore();
  backend = await startBackend();
  pve = await startSimulator({ seed: 7, clusters: 1, nodesPerCluster: 2, guests: 6, tls: true });
  netbox = await startNetboxSimulator({ version: '4.2' });
  clearNetboxStatusCache();
}, 60_000);
afterAll(async () => {
  await backend?.stop();
  await netbox?.stop();
  await pve?.stop();
  releaseStore(store);
  await closeTestDatabase();
});

/** A request as the plugin's `requests` session sends it: JSON, and the key once it has one. */
async function plugin(
  method: string,
  path: string,
  body?: unknown,
  key: string | null = PLUGIN_TOKEN,
): Promise<{ status: number; json: unknown; text: string; res: Response }> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (key) headers['x-proxbox-api-key'] = key;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${backend.url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: res.status, json, text, res };
}

/** Reads an SSE stream to its end and checks every frame against the contract. */
async function stream(path: string): Promise<Frame[]> {
  const res = await fetch(`${backend.url}${path}`, {
    headers: { 'x-proxbox-api-key': PLUGIN_TOKEN, accept: 'text/event-stream' },
  });
  expect(res.status, path).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  expect(res.headers.get('x-accel-buffering')).toBe('no');
  const frames = parseFrames(await res.text());
  for (const f of frames)
    expect(contractProblems(f.event, f.data), `${path} ${f.event} ${JSON.stringify(f.data)}`).toEqual([]);
  expect(
    frames.filter((f) => f.event === 'complete'),
    path,
  ).toHaveLength(1);
  expect(frames.at(-1)!.event).toBe('complete');
  return frames;
}

const pveTokenParts = () => {
  const [username, tokenName] = pve.clusters[0].tokenId.split('!');
  return { username, token_name: tokenName, token_value: pve.clusters[0].tokenSecret };
};

describe(`netbox-proxbox v0.0.14 against the Proxbox backend (${testDriver})`, () => {
  let netboxId: number;
  let proxmoxId: number;

  it('first save of the FastAPI endpoint: health, bootstrap-status, register-key (201, then 409)', async () => {
    expect(await plugin('GET', '/health', undefined, null)).toMatchObject({
      status: 200,
      json: { status: 'ready', init_ok: true },
    });
    expect(await plugin('GET', '/version', undefined, null)).toMatchObject({
      status: 200,
      json: { version: expect.any(String) },
    });
    expect(await plugin('GET', '/', undefined, null)).toMatchObject({
      status: 200,
      json: { name: 'proxbox', version: expect.any(String) },
    });
    expect(await plugin('GET', '/meta', undefined, null)).toMatchObject({
      status: 200,
      json: { name: 'proxbox', api_key_header: 'X-Proxbox-API-Key' },
    });
    expect(await plugin('GET', '/auth/bootstrap-status', undefined, null)).toMatchObject({
      status: 200,
      json: { needs_bootstrap: true, has_db_keys: false },
    });
    // Before any key, a protected route is refused.
    expect((await plugin('GET', '/auth/keys')).status).toBe(401);

    const registered = await plugin(
      'POST',
      '/auth/register-key',
      { api_key: PLUGIN_TOKEN, label: 'netbox-proxbox' },
      null,
    );
    expect(registered.status).toBe(201);
    expect(registered.json).toMatchObject({
      id: expect.any(Number),
      label: 'netbox-proxbox',
      is_active: true,
      created_at: expect.any(String),
    });
    expect(registered.text).not.toContain(PLUGIN_TOKEN);
    expect(await plugin('GET', '/auth/bootstrap-status', undefined, null)).toMatchObject({
      json: { needs_bootstrap: false, has_db_keys: true },
    });
    // A second NetBox instance (or a re-save) tries again: 409, as proxbox-api answers.
    expect(
      (await plugin('POST', '/auth/register-key', { api_key: PLUGIN_TOKEN, label: 'netbox-proxbox' }, null)).status,
    ).toBe(409);

    const keys = await plugin('GET', '/auth/keys');
    expect(keys.status).toBe(200);
    expect(keys.json).toEqual([
      expect.objectContaining({
        id: (registered.json as { id: number }).id,
        label: 'netbox-proxbox',
        is_active: true,
        created_at: expect.any(String),
      }),
    ]);
  });

  it('endpoint pushes from its save signals and job preflight: NetBox and Proxmox, create then update', async () => {
    const nb = new URL(netbox.url);
    expect((await plugin('GET', '/netbox/endpoint')).status).toBe(404);
    const nbBody = {
      name: 'NetBox Endpoint',
      ip_address: `${nb.hostname}/32`,
      domain: nb.hostname,
      port: Number(nb.port),
      token_version: 'v1',
      token: DEFAULT_V1_TOKEN,
      verify_ssl: false,
    };
    const created = await plugin('POST', '/netbox/endpoint', nbBody);
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      name: 'NetBox Endpoint',
      url: `http://${nb.hostname}:${nb.port}`,
      port: Number(nb.port),
      token_version: 'v1',
      token_set: true,
      verify_ssl: false,
    });
    expect(created.text).not.toContain(DEFAULT_V1_TOKEN);
    netboxId = (created.json as { id: number }).id;
    expect((await plugin('POST', '/netbox/endpoint', nbBody)).status).toBe(409);
    expect(await plugin('PUT', `/netbox/endpoint/${netboxId}`, nbBody)).toMatchObject({
      status: 200,
      json: { id: netboxId, token_set: true },
    });
    expect((await plugin('GET', `/netbox/endpoint/${netboxId}`)).json).toMatchObject({
      id: netboxId,
      name: 'NetBox Endpoint',
    });
    expect((await plugin('GET', `/netbox/endpoint/${netboxId + 1}`)).status).toBe(404);

    const px = new URL(pve.clusters[0].url);
    const pxBody = {
      name: 'pve-lab',
      ip_address: px.hostname,
      domain: 'localhost',
      port: Number(px.port),
      verify_ssl: false,
      ...pveTokenParts(),
      timeout: 30,
      max_retries: 1,
      retry_backoff: 0.1,
    };
    const pxCreated = await plugin('POST', '/proxmox/endpoints', pxBody);
    expect(pxCreated.status).toBe(201);
    expect(pxCreated.json).toMatchObject({
      name: 'pve-lab',
      url: `https://localhost:${px.port}`,
      token_set: true,
      password_set: false,
      verify_ssl: false,
    });
    expect(pxCreated.text).not.toContain(pve.clusters[0].tokenSecret);
    proxmoxId = (pxCreated.json as { id: number }).id;
    expect(await plugin('PUT', `/proxmox/endpoints/${proxmoxId}`, pxBody)).toMatchObject({
      status: 200,
      json: { id: proxmoxId, name: 'pve-lab' },
    });
    expect((await plugin('GET', '/proxmox/endpoints')).json).toEqual([
      expect.objectContaining({ id: proxmoxId, name: 'pve-lab' }),
    ]);
    expect(await plugin('GET', '/netbox/status')).toMatchObject({
      status: 200,
      json: { 'netbox-version': expect.stringMatching(/^4\.2\./) },
    });
  });

  it('its cluster and node sync reads /proxmox/cluster/status and /proxmox/nodes/ through the backend', async () => {
    const status = await plugin('GET', '/proxmox/cluster/status');
    expect(status.status).toBe(200);
    const [entry] = status.json as Record<string, { type: string; name: string }[]>[];
    expect(Object.keys(entry)).toEqual(['pve-lab']);
    expect(
      entry['pve-lab']
        .filter((i) => i.type === 'node')
        .map((i) => i.name)
        .sort(),
    ).toEqual(pve.estate.clusters[0].nodes.map((n) => n.name).sort());
    const nodes = await plugin('GET', `/proxmox/nodes/?proxmox_endpoint_ids=${proxmoxId}`);
    expect(nodes.status).toBe(200);
    expect((nodes.json as Record<string, { node: string }[]>[])[0]['pve-lab'].map((n) => n.node).sort()).toEqual(
      pve.estate.clusters[0].nodes.map((n) => n.name).sort(),
    );
    expect((await plugin('GET', '/proxmox/cluster/resources?type=bogus')).status).toBe(400);
    expect((await plugin('GET', `/proxmox/nodes/?proxmox_endpoint_ids=${proxmoxId + 99}`)).status).toBe(400);
  });

  it('a sync job: every stage stream (with its overwrite flags) ends in the NetBox, events in the contract', async () => {
    const query = `proxmox_endpoint_ids=${proxmoxId}&netbox_endpoint_ids=${netboxId}&use_guest_agent_interface_name=true&fetch_max_concurrency=8&overwrite_vm_role=true`;
    const devices = await stream(`/dcim/devices/create/stream?${query}`);
    expect(devices.filter((f) => f.event === 'phase_summary').map((f) => f.data.phase)).toEqual([
      'devices',
      'netbox-push',
    ]);
    expect(devices.at(-1)!.data).toMatchObject({ ok: true, result: { status: 'completed' }, errors: [] });
    const vms = await stream(`/virtualization/virtual-machines/create/stream?${query}&sync_vm_network=false`);
    expect(vms.some((f) => f.event === 'discovery' && f.data.phase === 'virtual-machines' && f.data.count === 6)).toBe(
      true,
    );
    expect(vms.some((f) => f.event === 'item_progress' && f.data.operation === 'created')).toBe(true);
    expect(vms.some((f) => f.event === 'substep')).toBe(true);
    // The plugin's NetBox now holds the cluster's nodes and every guest.
    expect(
      netbox.store
        .list('dcim/devices')
        .map((d) => d.name)
        .sort(),
    ).toEqual(pve.estate.clusters[0].nodes.map((n) => n.name).sort());
    expect(netbox.store.list('virtualization/virtual-machines')).toHaveLength(6);
  }, 120_000);

  it('the single-shot full update streams every stage and the push, and a re-run writes nothing new', async () => {
    const frames = await stream('/full-update/stream');
    expect(frames.filter((f) => f.event === 'phase_summary').map((f) => f.data.phase)).toEqual([
      'devices',
      'storage',
      'virtual-machines',
      'task-history',
      'vm-disks',
      'vm-backups',
      'vm-snapshots',
      'network-interfaces',
      'vm-interfaces',
      'ip-addresses',
      'replications',
      'backup-routines',
      'netbox-push',
    ]);
    expect(frames.at(-1)!.data).toMatchObject({ ok: true });
    const writes = netbox.requests.filter((r) => r.method !== 'GET').length;
    const again = await plugin('GET', '/full-update');
    expect(again).toMatchObject({ status: 200, json: { ok: true, status: 'completed' } });
    expect(netbox.requests.filter((r) => r.method !== 'GET').length).toBe(writes);
  }, 120_000);

  it("a VM's Sync now: the per-VM route takes the VM's NetBox id and syncs that guest", async () => {
    const [remote] = netbox.store.list('virtualization/virtual-machines');
    const frames = await stream(`/virtualization/virtual-machines/${remote.id}/create/stream`);
    expect(frames.at(-1)!.data).toMatchObject({ ok: true });
    const [job] = await db.db.select().from(syncJobs).where(eq(syncJobs.kind, 'object'));
    const [vm] = await db.db.select().from(virtualMachines).where(eq(virtualMachines.id, job.objectId!));
    expect(vm.name).toBe(remote.name);
  }, 60_000);

  it('cache, logs and meta routes answer in shape', async () => {
    const cache = await plugin('GET', '/cache');
    expect(cache).toMatchObject({ status: 200, json: { size: expect.any(Number), entries: expect.any(Array) } });
    expect((cache.json as { entries: { kind: string }[] }).entries.map((e) => e.kind)).toContain('netbox-status');
    const prom = await plugin('GET', '/cache/metrics/prometheus');
    expect(prom.res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(prom.text).toMatch(/^proxbox_cache_entries\{kind="netbox-status"\} [1-9]/m);
    expect(await plugin('GET', '/clear-cache')).toMatchObject({ status: 200, json: { message: 'Cache cleared.' } });
    expect((await plugin('GET', '/cache/metrics')).json).toMatchObject({ by_kind: { 'netbox-status': 0 } });
    const logs = await plugin('GET', '/admin/logs?limit=5');
    expect(logs.status).toBe(200);
    const lines = (logs.json as { logs: { message: string; level: string }[] }).logs;
    expect(lines).toHaveLength(5);
    expect(lines.at(-1)!.message).toMatch(/^GET \/cache\/metrics 200 \d+ ms$/);
    expect(logs.text).not.toContain(PLUGIN_TOKEN);
  });

  it('per-object Sync now through /sync/individual/*: by parameters and by path, then pushed', async () => {
    const [vm] = await db.db
      .select({
        id: virtualMachines.id,
        name: virtualMachines.name,
        vmid: virtualMachines.vmid,
        type: virtualMachines.guestType,
        node: virtualMachines.proxmoxNode,
        cluster: proxmoxClusters.name,
      })
      .from(virtualMachines)
      .innerJoin(proxmoxClusters, eq(virtualMachines.proxmoxClusterId, proxmoxClusters.id))
      .orderBy(virtualMachines.id)
      .limit(1);
    const query = `cluster_name=${encodeURIComponent(vm.cluster)}&node=${vm.node}&type=${vm.type}&vmid=${vm.vmid}`;
    const byQuery = await plugin('GET', `/sync/individual/vm?${query}&dry_run=false`);
    expect(byQuery.status).toBe(200);
    expect(byQuery.json).toMatchObject({
      ok: true,
      dry_run: false,
      object: { type: 'virtual-machines', id: vm.id, name: vm.name },
      sync: { status: 'completed' },
      push: { status: 'completed' },
    });
    expect((byQuery.json as { dependencies: string[] }).dependencies).toEqual([
      'virtual-machines',
      'task-history',
      'vm-disks',
      'vm-backups',
      'vm-snapshots',
      'vm-interfaces',
      'ip-addresses',
      'netbox-push',
    ]);
    const byPath = await plugin(
      'POST',
      `/sync/individual/vm/${encodeURIComponent(vm.cluster)}/${vm.node}/${vm.type}/${vm.vmid}`,
    );
    expect(byPath).toMatchObject({ status: 200, json: { ok: true, object: { id: vm.id } } });
    expect(
      await plugin('GET', `/sync/individual/node?cluster_name=${encodeURIComponent(vm.cluster)}&node=${vm.node}`),
    ).toMatchObject({ status: 200, json: { ok: true, object: { type: 'proxmox-nodes', name: vm.node } } });
    expect(
      await plugin('GET', `/sync/individual/cluster?cluster_name=${encodeURIComponent(vm.cluster)}`),
    ).toMatchObject({ status: 200, json: { ok: true, object: { type: 'proxmox-clusters', name: vm.cluster } } });

    expect(
      (await plugin('GET', `/sync/individual/vm?cluster_name=${encodeURIComponent(vm.cluster)}&vmid=99999`)).status,
    ).toBe(404);
    expect(
      (await plugin('GET', `/sync/individual/vm?cluster_name=${encodeURIComponent(vm.cluster)}&vmid=abc`)).status,
    ).toBe(400);
    expect((await plugin('GET', `/sync/individual/vm?vmid=${vm.vmid}`)).json).toEqual({
      detail: 'cluster_name: this parameter is required.',
    });
    const dry = await plugin('GET', `/sync/individual/vm?${query}&dry_run=true`);
    expect(dry.status).toBe(400);
    expect((dry.json as { detail: string }).detail).toMatch(/^dry_run is not supported/);
  }, 120_000);

  it('storage content and guest config pass-throughs, and the live log stream', async () => {
    const [vm] = await db.db
      .select({ vmid: virtualMachines.vmid, type: virtualMachines.guestType, node: virtualMachines.proxmoxNode })
      .from(virtualMachines)
      .orderBy(virtualMachines.id)
      .limit(1);
    const config = await plugin('GET', `/proxmox/${vm.node}/${vm.type}/${vm.vmid}/config`);
    expect(config.status).toBe(200);
    expect(Object.keys((config.json as Record<string, Record<string, unknown>>[])[0]['pve-lab'])).toContain(
      vm.type === 'qemu' ? 'cores' : 'hostname',
    );
    expect((await plugin('GET', `/proxmox/${vm.node}/vz/${vm.vmid}/config`)).status).toBe(400);
    const storage = (await plugin('GET', '/proxmox/storage')).json as Record<
      string,
      { storage: string; content: string }[]
    >[];
    const backupStore = storage[0]['pve-lab'].find((s) => s.content.includes('backup'))!;
    const content = await plugin(
      'GET',
      `/proxmox/nodes/${vm.node}/storage/${backupStore.storage}/content?content=backup`,
    );
    expect(content.status).toBe(200);
    for (const item of (content.json as Record<string, { content: string }[]>[])[0]['pve-lab'])
      expect(item.content).toBe('backup');

    const abort = new AbortController();
    const res = await fetch(`${backend.url}/admin/logs/stream?limit=0`, {
      headers: { 'x-proxbox-api-key': PLUGIN_TOKEN },
      signal: abort.signal,
    });
    expect(res.status).toBe(200);
    expect([res.headers.get('content-type'), res.headers.get('x-accel-buffering')]).toEqual([
      'text/event-stream; charset=utf-8',
      'no',
    ]);
    const reader = res.body!.getReader();
    await plugin('GET', '/version', undefined, null);
    let text = '';
    while (!text.includes('GET /version 200')) text += new TextDecoder().decode((await reader.read()).value);
    abort.abort();
    // The stream's own request is logged first, then the plugin's next call, live.
    expect(
      parseFrames(text).map((f) => [f.event, f.data.level, String(f.data.message).replace(/\d+ ms$/, 'N ms')]),
    ).toEqual([
      ['log', 'INFO', 'GET /admin/logs/stream 200 N ms'],
      ['log', 'INFO', 'GET /version 200 N ms'],
    ]);
  }, 60_000);
});

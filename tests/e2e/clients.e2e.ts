// Real NetBox clients against the built app with its demo estate (PROXBOX_DEMO=1: two simulated
// Proxmox clusters, 6 nodes, 60 guests, synced at start): Debian's pynetbox 7.0 and Ansible's
// netbox.netbox.nb_inventory. The expectations are read from the API over plain HTTP first, so the
// clients are compared with ground truth; every assertion is exact.
// Needs /usr/bin/python3 with python3-pynetbox and ansible (.ci/run installs them).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  apiGet,
  apiJson,
  apiListAll,
  createApiKey,
  describeExit,
  PYTHON,
  runProcess,
} from '../../scripts/bench/api-client';
import { freePortPair, projectRoot, startApp, type App } from './harness';

const CLIENTS_DIR = path.join(projectRoot, 'tests', 'e2e', 'clients');
const DEMO = { vms: 60, clusters: ['cluster1', 'cluster2'], nodes: 6 };
const SYNC_TIMEOUT_MS = 180_000;
/** The Proxmox VMID looked up with `cf_proxmox_vm_id` (the demo numbers guests from 100 per cluster). */
const VMID = 100;

interface Brief {
  id: number;
  name: string;
}
interface Choice {
  value: string;
  label: string;
}
interface Vm extends Brief {
  status: Choice;
  cluster: Brief | null;
  custom_fields: Record<string, unknown>;
}
interface Device extends Brief {
  role: (Brief & { slug: string }) | null;
  cluster: Brief | null;
}
interface IpAddress {
  id: number;
  address: string;
  assigned_object_type: string | null;
  assigned_object: { virtual_machine?: Brief } | null;
}
interface Backup {
  id: number;
  virtual_machine: Brief | null;
}
interface SyncJob {
  id: number;
  status: Choice | string;
  summary?: unknown;
}
interface Check {
  expected: unknown;
  actual: unknown;
  ok: boolean;
}
interface PynetboxSummary {
  pynetbox_version: string;
  checks: Record<string, Check>;
  failed: string[];
  writes: Record<string, { id: number; changes: number }>;
}

const byId = (a: { id: number }, b: { id: number }) => a.id - b.id;
const sortedIds = (items: { id: number }[]) => items.map((item) => item.id).sort((a, b) => a - b);

/** The id whose group is largest (smallest id on a tie), and that group. */
function largestGroup<T>(items: T[], key: (item: T) => number | undefined): [number, T[]] {
  const groups = new Map<number, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k !== undefined) groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  const [best] = [...groups].sort(([a, ga], [b, gb]) => gb.length - ga.length || a - b);
  if (!best) throw new Error('no group');
  return best;
}

async function waitForDemoSync(app: App, token: string): Promise<SyncJob[]> {
  const deadline = Date.now() + SYNC_TIMEOUT_MS;
  let last = 'no sync job yet';
  while (Date.now() < deadline) {
    const { results } = await apiJson<{ results: SyncJob[] }>(
      app.baseUrl,
      token,
      '/api/plugins/proxbox/sync-jobs/?limit=100',
    );
    const states = results.map((job) => (typeof job.status === 'string' ? job.status : job.status.value));
    const failed = results.filter((_, i) => states[i] === 'failed' || states[i] === 'interrupted');
    if (failed.length > 0) throw new Error(`demo sync failed: ${JSON.stringify(failed).slice(0, 2_000)}`);
    if (results.length > 0 && states.every((state) => state === 'completed')) return results;
    last = `jobs: ${states.join(', ') || 'none'}`;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(
    `the demo sync did not complete within ${SYNC_TIMEOUT_MS / 1000} s (${last}).\n--- server log ---\n${app.serverLog().slice(-4_000)}`,
  );
}

describe('real NetBox clients (pynetbox, Ansible nb_inventory)', { timeout: 600_000 }, () => {
  let app: App;
  let token: string;
  let vms: Vm[];
  let devices: Device[];
  let tmp: string;

  const get = <T>(pathAndQuery: string) => apiJson<T>(app.baseUrl, token, pathAndQuery);
  const all = async <T>(pathAndQuery: string) => (await apiListAll<T>(app.baseUrl, token, pathAndQuery)).results;

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'proxbox-clients-'));
    const demoPort = await freePortPair();
    app = await startApp({ env: { PROXBOX_DEMO: '1', PROXBOX_DEMO_PORT: String(demoPort) } });
    const keyEnv: NodeJS.ProcessEnv = { ...process.env, PROXBOX_DATA_DIR: app.dataDir };
    delete keyEnv.DATABASE_URL;
    delete keyEnv.TEST_DATABASE_URL;
    token = await createApiKey(projectRoot, keyEnv, 'e2e real clients');
    await waitForDemoSync(app, token);
    vms = await all<Vm>('/api/virtualization/virtual-machines/?limit=1000');
    devices = await all<Device>('/api/dcim/devices/?limit=1000');
  });

  after(async () => {
    await app?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('the demo estate over plain HTTP (the ground truth of the client tests)', async () => {
    const page = await get<{ count: number; next: string | null; results: Vm[] }>(
      '/api/virtualization/virtual-machines/?limit=1000',
    );
    assert.equal(page.count, DEMO.vms);
    assert.equal(page.results.length, DEMO.vms);
    assert.equal(page.next, null);
    assert.equal(vms.length, DEMO.vms);
    const clusters = await all<Brief>('/api/virtualization/clusters/?limit=1000');
    assert.deepEqual(clusters.map((c) => c.name).sort(), DEMO.clusters);
    assert.equal(vms.filter((vm) => vm.cluster === null).length, 0, 'every demo VM belongs to a cluster');
    assert.equal(devices.filter((d) => d.role?.slug === 'proxmox-node').length, DEMO.nodes);
    assert.equal(
      vms.filter((vm) => vm.custom_fields.proxmox_vm_id === VMID).length,
      DEMO.clusters.length,
      `one VMID ${VMID} per cluster`,
    );
  });

  test('pynetbox 7.0: pagination, filters, lookups, plugin models, writes and the change log', async (t) => {
    const cluster = (await all<Brief>('/api/virtualization/clusters/?limit=1000')).find(
      (c) => c.name === DEMO.clusters[0],
    );
    assert.ok(cluster, `cluster ${DEMO.clusters[0]} exists`);
    const inCluster = (vm: Vm) => vm.cluster?.id === cluster.id;

    const nameCount = new Map<string, number>();
    for (const vm of vms) nameCount.set(vm.name, (nameCount.get(vm.name) ?? 0) + 1);
    // A name used in both clusters makes `get(name=…, cluster=…)` meaningful; else any VM.
    const duplicate = vms.find((vm) => (nameCount.get(vm.name) ?? 0) > 1 && !inCluster(vm)) ?? vms[0];

    const ips = (await all<IpAddress>('/api/ipam/ip-addresses/?limit=1000')).filter(
      (ip) => ip.assigned_object_type === 'virtualization.vminterface',
    );
    const [ipVmId, ipGroup] = largestGroup(ips, (ip) => ip.assigned_object?.virtual_machine?.id);
    const backupsPage = await apiListAll<Backup>(app.baseUrl, token, '/api/plugins/proxbox/backups/?limit=1000');
    const [backupVmId, backupGroup] = largestGroup(backupsPage.results, (b) => b.virtual_machine?.id);
    const proxmoxClusters = await all<Brief>('/api/plugins/proxbox/proxmox-clusters/?limit=1000');
    const detail = vms[17];
    const writePrefix = `pynb-${process.pid}-${Date.now().toString(36)}`;

    const expected = {
      vm_total: vms.length,
      vm_ids_ordered: vms.map((vm) => vm.id),
      cluster_name: cluster.name,
      cluster_id: cluster.id,
      cluster_vm_ids: sortedIds(vms.filter(inCluster)),
      active_vm_ids: sortedIds(vms.filter((vm) => vm.status.value === 'active')),
      active_or_offline_vm_ids: sortedIds(
        vms.filter((vm) => vm.status.value === 'active' || vm.status.value === 'offline'),
      ),
      vmid: VMID,
      vmid_vm_ids: sortedIds(vms.filter((vm) => vm.custom_fields.proxmox_vm_id === VMID)),
      vmid_cluster_vm_ids: sortedIds(vms.filter((vm) => vm.custom_fields.proxmox_vm_id === VMID && inCluster(vm))),
      detail: { id: detail.id, name: detail.name, cluster: detail.cluster?.name, status: detail.status.value },
      duplicate: {
        name: duplicate.name,
        cluster: duplicate.cluster?.name,
        id: duplicate.id,
        name_count: nameCount.get(duplicate.name),
      },
      missing_vm_id: Math.max(...vms.map((vm) => vm.id)) + 1_000,
      node_device_ids: sortedIds(devices.filter((d) => d.role?.slug === 'proxmox-node')),
      ip_vm_id: ipVmId,
      ip_vm_addresses: [...ipGroup].sort(byId).map((ip) => [ip.id, ip.address]),
      proxmox_clusters: [...proxmoxClusters].sort(byId).map((c) => [c.id, c.name]),
      backup_vm_id: backupVmId,
      backup_ids: sortedIds(backupGroup),
      backup_total: backupsPage.count,
      write_prefix: writePrefix,
    };
    // The estate has what the checks need (else they would pass vacuously).
    assert.equal(expected.node_device_ids.length, DEMO.nodes);
    assert.equal(expected.proxmox_clusters.length, DEMO.clusters.length);
    assert.ok(
      expected.cluster_vm_ids.length > 0 && expected.cluster_vm_ids.length < DEMO.vms,
      'the cluster filter selects a proper subset',
    );
    assert.ok(
      expected.active_vm_ids.length > 0 && expected.active_vm_ids.length < DEMO.vms,
      'some demo VMs are not active',
    );
    assert.equal(expected.vmid_cluster_vm_ids.length, 1);
    assert.ok(expected.ip_vm_addresses.length > 0 && expected.backup_ids.length > 0);

    const result = await runProcess(PYTHON, [path.join(CLIENTS_DIR, 'pynetbox_check.py')], {
      cwd: tmp,
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
      input: JSON.stringify({ url: app.baseUrl, token, expected }),
      timeoutMs: 300_000,
    });
    const lastLine = result.stdout.trim().split('\n').at(-1) ?? '';
    let summary: PynetboxSummary;
    try {
      summary = JSON.parse(lastLine) as PynetboxSummary;
    } catch {
      assert.fail(describeExit('pynetbox_check.py (no JSON summary)', result));
    }
    const failures = summary.failed.map(
      (name) =>
        `${name}: expected ${JSON.stringify(summary.checks[name].expected)}, got ${JSON.stringify(summary.checks[name].actual)}`,
    );
    assert.deepEqual(failures, [], `pynetbox disagrees with the API:\n${failures.join('\n')}`);
    assert.equal(result.code, 0, describeExit('pynetbox_check.py', result));
    assert.equal(summary.pynetbox_version, '7.0.0');
    t.diagnostic(
      `pynetbox ${summary.pynetbox_version}: ${Object.keys(summary.checks).length} checks passed in ${(result.ms / 1000).toFixed(1)} s ` +
        `(${expected.vm_total} VMs, ${expected.cluster_vm_ids.length} in ${expected.cluster_name}, ${expected.active_vm_ids.length} active, ` +
        `VMID ${VMID} → ids ${expected.vmid_vm_ids.join(', ')})`,
    );

    // Every check ran (a script that skipped some would otherwise pass) and compared what the
    // test computed, not something else.
    const writes = ['created', 'save', 'update', 'read_back', 'delete', 'gone', 'changelog_actions', 'changelog_data'];
    assert.deepEqual(
      Object.keys(summary.checks).sort(),
      [
        'status_has_netbox_version',
        'paged_ids_in_order',
        'all_ids_in_order',
        'threaded_ids_sorted',
        'threaded_no_duplicates',
        'count',
        'recordset_len',
        'filter_cluster',
        'filter_cluster_id',
        'count_cluster',
        'filter_status_active',
        'filter_cf_vmid',
        'filter_cf_vmid_and_cluster',
        'filter_status_or',
        'get_by_id',
        'get_by_name_and_cluster',
        'get_by_ambiguous_name',
        'get_missing_id',
        'devices_role_proxmox_node',
        'ip_addresses_of_vm',
        'ip_assigned_vm',
        'plugin_proxmox_clusters',
        'plugin_backups_of_vm',
        'plugin_backups_count',
        ...writes.flatMap((w) => [`tag_${w}`, `tenant_${w}`]),
      ].sort(),
    );
    const actual = (name: string) => summary.checks[name].actual;
    assert.deepEqual(actual('paged_ids_in_order'), expected.vm_ids_ordered);
    assert.deepEqual(actual('filter_cluster'), expected.cluster_vm_ids);
    assert.deepEqual(actual('filter_status_active'), expected.active_vm_ids);
    assert.deepEqual(actual('filter_cf_vmid'), expected.vmid_vm_ids);
    assert.equal(actual('count'), DEMO.vms);
    assert.equal((actual('devices_role_proxmox_node') as number[]).length, DEMO.nodes);
    assert.deepEqual(actual('plugin_proxmox_clusters'), expected.proxmox_clusters);
    assert.deepEqual(actual('tag_changelog_actions'), ['delete', 'update', 'update', 'create']);
    assert.deepEqual(actual('tenant_changelog_actions'), ['delete', 'update', 'update', 'create']);

    // What pynetbox wrote is seen over plain HTTP too: the objects are gone, their changes stay.
    for (const [label, listPath, objectType] of [
      ['tag', '/api/extras/tags/', 'extras.tag'],
      ['tenant', '/api/tenancy/tenants/', 'tenancy.tenant'],
    ] as const) {
      const { id } = summary.writes[label];
      assert.equal((await apiGet(app.baseUrl, token, `${listPath}${id}/`)).status, 404, `${label} ${id} was deleted`);
      const changes = await get<{ count: number }>(
        `/api/core/object-changes/?changed_object_type=${objectType}&changed_object_id=${id}&limit=1`,
      );
      assert.equal(changes.count, 4);
      assert.equal(summary.writes[label].changes, 4);
    }
  });

  test('Ansible netbox.netbox.nb_inventory groups hosts by cluster exactly as the API does', async (t) => {
    const inventoryFile = path.join(CLIENTS_DIR, 'inventory.netbox.yml');
    const output = path.join(tmp, 'inventory.json');
    const ansibleDir = path.join(tmp, 'ansible');
    fs.mkdirSync(path.join(ansibleDir, 'local'), { recursive: true });
    // -v: the plugin logs each URL it fetches ("Fetching: …"), which names the request that failed.
    const result = await runProcess('ansible-inventory', ['-v', '-i', inventoryFile, '--list', '--output', output], {
      cwd: tmp,
      env: {
        ...process.env,
        NETBOX_API: app.baseUrl,
        NETBOX_TOKEN: token,
        // Everything Ansible writes (its temp files, the plugin's OpenAPI dump) stays under tmp.
        ANSIBLE_HOME: ansibleDir,
        ANSIBLE_LOCAL_TEMP: path.join(ansibleDir, 'local'),
        ANSIBLE_CONFIG: path.join(ansibleDir, 'none.cfg'),
        ANSIBLE_INVENTORY_ENABLED: 'netbox.netbox.nb_inventory',
        ANSIBLE_INVENTORY_UNPARSED_FAILED: 'true',
        ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED: 'true',
        ANSIBLE_NOCOLOR: '1',
        ANSIBLE_DEPRECATION_WARNINGS: 'false',
        PYTHONDONTWRITEBYTECODE: '1',
      },
      timeoutMs: 300_000,
    });
    assert.equal(result.code, 0, describeExit('ansible-inventory', result));
    // The plugin reports each 403 on stdout ("Permission denied: <url>") and goes on without it.
    assert.doesNotMatch(result.stdout, /Permission denied/, 'the key may read everything the plugin asks for');
    assert.doesNotMatch(result.stderr, /WARNING/, `ansible-inventory warned:\n${result.stderr}`);

    const inventory = JSON.parse(fs.readFileSync(output, 'utf8')) as Record<
      string,
      { hosts?: string[]; children?: string[] }
    > & {
      _meta: { hostvars: Record<string, Record<string, unknown>> };
    };
    // Ansible names hosts by name: a VM name used in two clusters is one host in both groups.
    const clusterGroup = (name: string) => `cluster_${name}`.replace(/[^A-Za-z0-9_]/g, '_');
    const expectedGroups = new Map<string, Set<string>>();
    for (const host of [...devices, ...vms]) {
      if (!host.cluster) continue;
      const group = clusterGroup(host.cluster.name);
      expectedGroups.set(group, (expectedGroups.get(group) ?? new Set()).add(host.name));
    }
    assert.deepEqual([...expectedGroups.keys()].sort(), DEMO.clusters.map(clusterGroup));
    const actualGroups = Object.keys(inventory)
      .filter((group) => group.startsWith('cluster_'))
      .sort();
    assert.deepEqual(actualGroups, [...expectedGroups.keys()].sort());
    for (const [group, hosts] of expectedGroups) {
      assert.deepEqual([...(inventory[group].hosts ?? [])].sort(), [...hosts].sort(), `hosts of ${group}`);
    }
    const allNames = new Set([...devices, ...vms].map((host) => host.name));
    assert.deepEqual(Object.keys(inventory._meta.hostvars).sort(), [...allNames].sort());
    assert.deepEqual([...(inventory.all.children ?? [])].sort(), ['ungrouped', ...expectedGroups.keys()].sort());
    t.diagnostic(
      `nb_inventory: ${allNames.size} hosts in ${(result.ms / 1000).toFixed(1)} s; ` +
        [...expectedGroups].map(([group, hosts]) => `${group}: ${hosts.size}`).join(', '),
    );

    // Host variables carry the API's values (a VM whose name is unique, and a node).
    const vm = vms.find(
      (v) => vms.filter((o) => o.name === v.name).length === 1 && devices.every((d) => d.name !== v.name),
    );
    assert.ok(vm, 'a VM with a unique name');
    const vmVars = inventory._meta.hostvars[vm.name];
    assert.equal(vmVars.is_virtual, true);
    assert.equal(vmVars.cluster, vm.cluster?.name);
    assert.deepEqual(vmVars.status, vm.status);
    assert.deepEqual(vmVars.custom_fields, vm.custom_fields);
    const node = devices.find((d) => d.role?.slug === 'proxmox-node');
    assert.ok(node);
    const nodeVars = inventory._meta.hostvars[node.name];
    assert.equal(nodeVars.is_virtual, false);
    assert.deepEqual(nodeVars.device_roles, ['proxmox-node']);
    assert.equal(nodeVars.cluster, node.cluster?.name);
  });
});

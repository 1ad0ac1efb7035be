// The relationship explorer: the model view draws every table of both databases (search focuses
// one, clicking opens its list), and the instance view walks a synced demo estate from an
// endpoint to a backup: endpoint → cluster → node → guest → backup, then opens the backup.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Locator, Page } from 'playwright-core';
import * as inventory from '@/db/schema';
import * as backend from '@/db/backend/schema';
import { getSchemaDiagram } from '@/lib/explorer/schema-diagram';
import { freePortPair, startApp, type App } from './harness';

let app: App;
let page: Page;

const tableCount =
  (Object.values(inventory) as unknown[]).filter((v) => is(v, PgTable)).length +
  (Object.values(backend) as unknown[]).filter((v) => is(v, SQLiteTable)).length;

/** Polls until the locator matches exactly `n` elements. */
async function waitForCount(locator: Locator, n: number, timeout = 20_000): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const count = await locator.count();
    if (count === n) return;
    if (Date.now() > deadline) throw new Error(`${locator} matched ${count} elements, expected ${n}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Polls until `inner` lies wholly inside `outer` on screen (the graph has panned to it). */
async function waitInside(inner: Locator, outer: Locator, timeout = 10_000): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const [a, b] = await Promise.all([inner.boundingBox(), outer.boundingBox()]);
    if (a && b && a.x >= b.x && a.y >= b.y && a.x + a.width <= b.x + b.width && a.y + a.height <= b.y + b.height)
      return;
    if (Date.now() > deadline)
      throw new Error(`${inner} is not inside ${outer}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface Brief {
  id: number;
  display: string;
}

async function getJson<T>(path: string): Promise<T> {
  const res = await page.request.get(path);
  assert.equal(res.status(), 200, `GET ${path}`);
  return (await res.json()) as T;
}

before(async () => {
  app = await startApp({ env: { PROXBOX_DEMO_PORT: String(await freePortPair()) } });
  page = await app.newPage();
  await app.login(page);
});
after(() => app?.stop());

describe('relationship explorer', () => {
  test('the model view shows every table; search focuses one and clicking opens its list', async () => {
    await page.goto('/explorer');
    const diagram = page.getByRole('region', { name: 'Entity-relationship diagram' });
    await diagram.waitFor();
    // The first view: the plugin's and the backend's tables, NetBox core's apps collapsed.
    const netboxTables = getSchemaDiagram().nodes.filter((n) => n.group !== null).length;
    await waitForCount(diagram.getByRole('group', { name: /^Table / }), tableCount - netboxTables);
    for (const table of [
      'proxmox_endpoints',
      'proxmox_storage_virtual_disks',
      'sync_events',
      'api_key',
      'auth_lockout',
    ]) {
      assert.equal(await diagram.getByRole('group', { name: `Table ${table}`, exact: true }).count(), 1, table);
    }
    assert.equal(await diagram.getByRole('group', { name: 'Table virtual_machines', exact: true }).count(), 0);
    await page.getByRole('button', { name: 'Expand NetBox groups' }).click();
    await waitForCount(diagram.getByRole('group', { name: /^Table / }), tableCount);
    assert.equal(await diagram.getByRole('group', { name: 'Table virtual_machines', exact: true }).count(), 1);
    await page.getByText(new RegExp(`^${tableCount} tables, \\d+ relationships$`)).waitFor();

    const search = page.getByRole('search', { name: 'Find a table' }).getByRole('searchbox');
    await search.fill('proxmox_nodes');
    await search.press('Enter');
    const panel = page.getByRole('complementary', { name: 'Fields of proxmox_nodes' });
    await panel.waitFor();
    const fields = (await panel.textContent()) ?? '';
    assert.match(fields, /netbox_device_idbigint\?FK→devices/);
    assert.match(fields, /proxmox_endpoints 1:N proxmox_nodes/);
    await app.screenshot(page, 'explorer-model');

    await search.fill('proxmox_clusters');
    await search.press('Enter');
    await page.getByRole('complementary', { name: 'Fields of proxmox_clusters' }).waitFor();
    await diagram.getByRole('group', { name: 'Table proxmox_clusters', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/proxmox-clusters');
    await page.getByRole('heading', { level: 1, name: 'Proxmox clusters' }).waitFor();
  });

  test('the instance view walks endpoint → cluster → node → guest → backup and opens the backup', async () => {
    await page.goto('/');
    await page.getByRole('button', { name: 'Try the demo cluster' }).click();
    await page.waitForURL('**/sync-jobs');
    await page.getByRole('table').getByRole('link').first().click();
    await page.waitForURL(/\/sync-jobs\/\d+$/);
    await page
      .getByRole('region', { name: /^Progress/ })
      .getByText('completed', { exact: true })
      .waitFor({ timeout: 90_000 });

    // The path to walk, read from the REST API: a backup that belongs to a guest.
    const backups = await getJson<{
      results: { id: number; volid: string; virtual_machine: Brief | null; proxmox_endpoint: Brief }[];
    }>('/api/plugins/proxbox/backups/?limit=1000');
    const backup = backups.results.find((b) => b.virtual_machine !== null);
    assert.ok(backup, 'the demo estate has a backup of a guest');
    const vm = await getJson<{ name: string; device: Brief | null }>(
      `/api/virtualization/virtual-machines/${backup.virtual_machine!.id}/`,
    );
    assert.ok(vm.device, 'the guest runs on a node device');
    const endpoint = backup.proxmox_endpoint;

    await page.goto(`/proxmox-endpoints/${endpoint.id}`);
    await page.getByRole('link', { name: 'Explore', exact: true }).click();
    await page.waitForURL((url) => url.pathname === `/explorer/proxmox-endpoints/${endpoint.id}`);
    const graph = page.getByRole('region', { name: 'Relationship graph' });
    const node = (name: string | RegExp) => graph.getByRole('group', { name });
    const find = async (text: string) => {
      const form = page.getByRole('search', { name: 'Find in the graph' });
      await form.getByRole('searchbox').fill(text);
      await form.getByRole('button', { name: 'Show', exact: true }).click();
    };

    // A click made while the graph still glides to its new fit can land on the pane, as a user's
    // can; like a user, click again when the relations did not start loading.
    const showRelations = async (object: Locator) => {
      for (let attempt = 1; ; attempt++) {
        await object.getByRole('button', { name: 'Show relations' }).click();
        try {
          await object.getByRole('button', { name: 'Show relations' }).waitFor({ state: 'detached', timeout: 5_000 });
          return;
        } catch (error) {
          if (attempt === 3) throw error;
        }
      }
    };

    await node(`Proxmox endpoint: ${endpoint.display}`)
      .getByRole('button', { name: /^Proxmox clusters \(1\)$/ })
      .click();
    const cluster = node(/^Proxmox cluster: /);
    await showRelations(cluster);
    await cluster.getByRole('button', { name: /^Proxmox nodes \(3\)$/ }).click();

    const host = node(`Proxmox node: ${vm.device.display}`);
    await showRelations(host);
    await host.getByRole('button', { name: /^Guests \(\d+\)$/ }).click();

    await find('no-such-object');
    await page.getByRole('status').filter({ hasText: 'No shown object matches “no-such-object”' }).waitFor();
    await find(vm.name);
    assert.equal(await page.getByText('No shown object matches', { exact: false }).count(), 0);
    const guest = node(`Virtual machine: ${vm.name}`);
    await showRelations(guest);
    await guest.getByRole('button', { name: /^VM backups \(\d+\)$/ }).click();

    await find(backup.volid);
    const backupNode = node(`VM backup: ${backup.volid}`);
    await backupNode.waitFor();
    // "Show" pans and zooms until the found object is wholly in view.
    await waitInside(backupNode, graph);
    assert.equal(await page.getByText(/^\d+ objects shown$/).count(), 1);
    await app.screenshot(page, 'explorer-instance');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForFunction(() => document.documentElement.classList.contains('dark'));
    assert.equal(await graph.locator('.react-flow.dark').count(), 1, 'the graph follows the dark theme');
    await app.screenshot(page, 'explorer-instance-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.waitForFunction(() => !document.documentElement.classList.contains('dark'));
    await backupNode.getByRole('link', { name: backup.volid, exact: true }).click();
    await page.waitForURL((url) => url.pathname === `/backups/${backup.id}`);
    await page.getByRole('heading', { level: 1, name: backup.volid }).waitFor();
  });
});

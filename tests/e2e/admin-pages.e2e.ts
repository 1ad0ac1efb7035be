// The admin pages on a fresh app with 1,000 VMs made through the REST API: selecting every VM
// matching a filter and re-tagging them, a bulk delete with its cascade preview, exporting 1,000
// rows and comparing them with the API, an import refused for one bad row and then applied, a
// lockout cleared from the Backend section, and the explorer's first view (legible labels, a
// NetBox group expanded). Screenshots in both themes go to test-results/screenshots.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { parseCsv } from '@/lib/export/csv';
import { startApp, type App } from './harness';

const VM_COUNT = 1000;
/** Failed-key requests carry this client address, vouched for by the trusted local proxy. */
const BAD_CLIENT = '10.20.30.40';

describe('admin pages: bulk work, export, import, lockouts, explorer', { timeout: 420_000 }, () => {
  let app: App;
  let page: Page;
  let key: string;

  const api = async (
    path: string,
    init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
  ) => {
    const res = await fetch(`${app.baseUrl}${path}`, {
      method: init.method ?? 'GET',
      headers: { Authorization: `Token ${key}`, 'content-type': 'application/json', ...init.headers },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await res.text();
    return {
      status: res.status,
      body: (text ? JSON.parse(text) : null) as Record<string, unknown> & {
        count?: number;
        results?: Record<string, unknown>[];
      },
    };
  };
  const countOf = async (query: string) =>
    (await api(`/api/virtualization/virtual-machines/?${query}&limit=1`)).body.count;
  const toast = (text: string | RegExp) => page.getByRole('region', { name: 'Notifications' }).getByText(text);

  before(async () => {
    // 127.0.0.1 is the local proxy here: X-Forwarded-For from it names the client.
    app = await startApp({ env: { PROXBOX_TRUSTED_PROXIES: '127.0.0.1' } });
    const context = await app.browser.newContext({
      baseURL: app.baseUrl,
      viewport: { width: 1440, height: 900 },
      acceptDownloads: true,
    });
    page = await context.newPage();
    await app.login(page);

    await page.goto('/api-keys');
    await page.getByLabel('Description').fill('e2e admin pages');
    // The setup below creates objects through the API: that needs an admin key (the form defaults to viewer).
    await page.getByLabel('Role').selectOption('admin');
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByTestId('created-api-key').waitFor();
    key = ((await page.getByTestId('created-api-key').textContent()) ?? '').trim();

    const type = await api('/api/virtualization/cluster-types/', {
      method: 'POST',
      body: { name: 'Proxmox', slug: 'proxmox' },
    });
    const cluster = await api('/api/virtualization/clusters/', {
      method: 'POST',
      body: { name: 'lab', type: type.body.id },
    });
    await api('/api/extras/tags/', { method: 'POST', body: { name: 'Audit', slug: 'audit' } });
    const vms = Array.from({ length: VM_COUNT }, (_, i) => ({
      name: `vm-${String(i + 1).padStart(4, '0')}`,
      cluster: cluster.body.id,
      status: i % 2 ? 'offline' : 'active',
      memory: 1024 * ((i % 4) + 1),
    }));
    for (let i = 0; i < vms.length; i += 250) {
      const res = await api('/api/virtualization/virtual-machines/', { method: 'POST', body: vms.slice(i, i + 250) });
      assert.equal(res.status, 201, JSON.stringify(res.body).slice(0, 300));
    }
    const tmp = await api('/api/virtualization/virtual-machines/', {
      method: 'POST',
      body: ['tmp-1', 'tmp-2', 'tmp-3'].map((name) => ({ name, cluster: cluster.body.id })),
    });
    const tmpIds = (tmp.body as unknown as { id: number }[]).map((v) => v.id);
    await api('/api/virtualization/interfaces/', {
      method: 'POST',
      body: { virtual_machine: tmpIds[0], name: 'eth0' },
    });
    assert.equal(await countOf('q=vm-'), VM_COUNT);
  });

  after(async () => {
    await app?.stop();
  });

  test('select every VM matching a filter and re-tag them in one action', async () => {
    await page.goto('/virtual-machines?status=offline');
    await page.getByRole('checkbox', { name: 'Select all rows on this page' }).check();
    const bar = page.getByRole('region', { name: 'Bulk actions' });
    assert.equal((await bar.getByTestId('bulk-count').textContent())?.trim(), '50 selected on this page');
    await bar.getByRole('button', { name: 'Select all 500 matching' }).click();
    assert.equal(
      (await bar.getByTestId('bulk-count').textContent())?.trim(),
      'All 500 matching virtual machines selected',
    );
    await bar.getByRole('button', { name: 'Edit selected' }).click();
    await bar.getByRole('combobox', { name: 'Add tags' }).fill('aud');
    await page.getByRole('option', { name: 'Audit' }).click();
    await app.screenshot(page, 'bulk-edit-light');
    await bar.getByRole('button', { name: 'Apply to 500 virtual machines' }).click();
    await toast('Updated 500 virtual machines of 500 selected.').waitFor({ timeout: 120_000 });
    assert.equal(await countOf('tag=audit'), 500);
    assert.equal(await countOf('tag=audit&status=active'), 0);
    // One change-log entry per VM, all under one request id.
    const changes = await api(
      '/api/core/object-changes/?changed_object_type=virtualization.virtualmachine&action=update&limit=1000',
    );
    assert.equal(changes.body.count, 500);
    assert.equal(new Set(changes.body.results!.map((c) => c.request_id)).size, 1);
  });

  test('bulk delete shows the cascade preview first, then deletes in one go', async () => {
    await page.goto('/virtual-machines?q=tmp-');
    await page.getByRole('checkbox', { name: 'Select all rows on this page' }).check();
    const bar = page.getByRole('region', { name: 'Bulk actions' });
    await bar.getByRole('button', { name: 'Delete selected' }).click();
    const panel = bar.getByRole('region', { name: 'Delete selected' });
    await panel.getByTestId('bulk-delete-count').waitFor();
    assert.equal(await panel.getByTestId('bulk-delete-count').textContent(), '3');
    const effects = await panel.getByRole('row').allInnerTexts();
    assert.ok(
      effects.some((row) => /VM interfaces \(Virtual machine\)\s+1\s+will be deleted/.test(row)),
      effects.join(' | '),
    );
    await app.screenshot(page, 'bulk-delete-preview');
    await panel.getByRole('button', { name: 'Delete 3 virtual machines' }).click();
    await toast('Deleted 3 virtual machines.').waitFor({ timeout: 60_000 });
    assert.equal(await countOf('q=tmp-'), 0);
    assert.equal((await api('/api/virtualization/interfaces/?limit=1')).body.count, 0);
  });

  test('export 1,000 rows as JSON and CSV, equal to the API', async () => {
    const exported = await page.request.get('/virtual-machines/export?format=json&shape=all&q=vm-');
    assert.equal(exported.status(), 200);
    const rows = (await exported.json()) as Record<string, unknown>[];
    assert.equal(rows.length, VM_COUNT);
    const fromApi = await api('/api/virtualization/virtual-machines/?q=vm-&ordering=id&limit=1000');
    assert.deepEqual(rows, fromApi.body.results);

    // The list's own Export menu: the current view (its filter and columns) as CSV.
    await page.goto('/virtual-machines?q=vm-');
    await page.getByText('Export', { exact: true }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'CSV — current view' }).click(),
    ]);
    const csv = parseCsv(fs.readFileSync((await download.path())!, 'utf8'));
    assert.deepEqual(csv[0], [
      'Name',
      'Status',
      'Cluster',
      'Device',
      'VMID',
      'Guest type',
      'vCPUs',
      'Memory (MB)',
      'Disk (MB)',
      'Primary IPv4',
    ]);
    assert.equal(csv.length - 1, VM_COUNT);
    const byName = new Map(fromApi.body.results!.map((r) => [r.name, r]));
    for (const row of csv.slice(1)) {
      const vm = byName.get(row[0]);
      assert.ok(vm, `${row[0]} is not in the API`);
      assert.equal(row[1], (vm.status as { label: string }).label);
      assert.equal(row[2], (vm.cluster as { display: string }).display);
      assert.equal(row[7], String(vm.memory));
    }
  });

  test('an import with one bad row is refused and writes nothing; fixed, it is applied', async () => {
    await page.goto('/sites/import');
    const data = page.getByLabel('Data');
    await data.fill('name,slug,status\nImported A,imported-a,active\nImported B,imported-b,bogus\n');
    await page.getByRole('button', { name: 'Preview' }).click();
    const summary = page.getByTestId('import-summary');
    await summary.waitFor();
    assert.equal(
      (await summary.textContent())?.trim(),
      '1 of 2 rows have errors; nothing will be written until they are fixed.',
    );
    assert.match(
      await page.getByRole('region', { name: 'Import preview' }).innerText(),
      /status: "bogus" is not a valid choice\./,
    );
    assert.equal(await page.getByRole('button', { name: 'Apply' }).isDisabled(), true);
    await app.screenshot(page, 'import-refused');
    assert.equal((await api('/api/dcim/sites/?q=Imported&limit=1')).body.count, 0);

    await data.fill('name,slug,status\nImported A,imported-a,active\nImported B,imported-b,planned\n');
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByText('2 to create, 0 to update.').waitFor();
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL((url) => url.pathname === '/sites');
    await toast('Imported 2 sites: 2 created, 0 updated.').waitFor();
    const sites = await api('/api/dcim/sites/?q=Imported&ordering=name');
    assert.deepEqual(
      sites.body.results!.map((s) => [s.name, (s.status as { value: string }).value]),
      [
        ['Imported A', 'active'],
        ['Imported B', 'planned'],
      ],
    );
  });

  test('an admin sees a locked-out address in the Backend section and clears it', async () => {
    const wrong = `pbx_AAAAAAAAAAAA_${'b'.repeat(40)}`;
    const probe = (k: string) =>
      fetch(`${app.baseUrl}/api/backend/auth/keys`, {
        headers: { 'X-Proxbox-API-Key': k, 'X-Forwarded-For': BAD_CLIENT },
      });
    for (let i = 0; i < 5; i++) assert.equal((await probe(wrong)).status, 401);
    assert.equal((await probe(key)).status, 429, 'the address is locked out even with a good key');

    await page.goto('/');
    await page.locator('aside').getByRole('link', { name: 'Lockouts' }).click();
    await page.waitForURL('**/backend/lockouts');
    const row = page.getByRole('row').filter({ hasText: BAD_CLIENT });
    assert.match(await row.innerText(), /10\.20\.30\.40\s+5\s+.*UTC\s+.*UTC\s+Locked out\s+[45] min/);
    await app.screenshot(page, 'lockouts-light');
    await page.getByRole('button', { name: `Clear ${BAD_CLIENT}` }).click();
    await toast(`Cleared the failed attempts of ${BAD_CLIENT}.`).waitFor();
    await page.getByText('No address has failed attempts.').waitFor();
    assert.equal((await probe(key)).status, 200);
  });

  test('the Backend section lists the endpoint copies and the keys, each with its page', async () => {
    await page.goto('/backend');
    await page.getByRole('heading', { name: 'Backend endpoints' }).waitFor();
    await page.goto('/api-keys');
    await page.getByRole('link', { name: 'e2e admin pages' }).click();
    await page.waitForURL(/\/backend\/keys\/\d+$/);
    const details = await page.getByRole('region', { name: 'Key' }).innerText();
    assert.match(details, /Role\s+Read-write/);
    assert.match(details, /Last used\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
  });

  test("the explorer's first view has legible labels and a NetBox group expands on click", async () => {
    await page.goto('/explorer');
    await page.locator('[aria-label="Table proxmox_endpoints"]').waitFor();
    await page.waitForFunction(() =>
      document.querySelector('.react-flow__viewport')?.getAttribute('style')?.includes('scale'),
    );
    await page.waitForTimeout(500);
    // Rendered size = font size × the canvas's zoom, for every table label inside the canvas's box.
    const sizes = await page.evaluate(() => {
      const viewport = document.querySelector('.react-flow__viewport') as HTMLElement;
      const scale = new DOMMatrixReadOnly(getComputedStyle(viewport).transform).a;
      const box = viewport.parentElement!.getBoundingClientRect();
      const out: number[] = [];
      for (const el of document.querySelectorAll('.react-flow__node-entity div, .react-flow__node-collapsed div')) {
        const r = el.getBoundingClientRect();
        if (
          !el.textContent?.trim() ||
          r.right < box.left ||
          r.left > box.right ||
          r.bottom < box.top ||
          r.top > box.bottom
        )
          continue;
        out.push(parseFloat(getComputedStyle(el).fontSize) * scale);
      }
      return { scale, min: Math.min(...out), count: out.length };
    });
    assert.ok(sizes.count > 10, `only ${sizes.count} labels on screen`);
    assert.ok(sizes.min >= 11, `smallest label renders at ${sizes.min.toFixed(2)} px (zoom ${sizes.scale})`);
    assert.equal(await page.locator('[aria-label="Table devices"]').count(), 0, 'NetBox tables start collapsed');
    await app.screenshot(page, 'explorer-light');

    await page.locator('[aria-label="Group DCIM"]').click();
    await page.locator('[aria-label="Table devices"]').waitFor();
    const zoom = () =>
      page.evaluate(
        () => new DOMMatrixReadOnly(getComputedStyle(document.querySelector('.react-flow__viewport')!).transform).a,
      );
    await page.getByRole('button', { name: 'Fit all' }).click();
    await page.waitForFunction(
      (before) =>
        new DOMMatrixReadOnly(getComputedStyle(document.querySelector('.react-flow__viewport')!).transform).a <
        before - 0.1,
      sizes.scale,
    );
    assert.ok((await zoom()) < sizes.scale);
    await app.screenshot(page, 'explorer-dcim-expanded');
  });

  test('screenshots in the dark theme', async () => {
    await page.evaluate(() => localStorage.setItem('theme', 'dark'));
    await page.goto('/explorer');
    await page.waitForFunction(() => document.documentElement.classList.contains('dark'));
    await page.locator('[aria-label="Table proxmox_endpoints"]').waitFor();
    await page.waitForTimeout(500);
    await app.screenshot(page, 'explorer-dark');
    await page.goto('/virtual-machines?tag=audit');
    await page.getByRole('checkbox', { name: 'Select all rows on this page' }).check();
    await page.getByRole('region', { name: 'Bulk actions' }).getByRole('button', { name: 'Edit selected' }).click();
    await app.screenshot(page, 'bulk-edit-dark');
    // Two failures from another address, so the lockouts table has a row to show.
    for (let i = 0; i < 2; i++)
      await fetch(`${app.baseUrl}/api/backend/auth/keys`, {
        headers: { 'X-Proxbox-API-Key': 'pbx_wrong', 'X-Forwarded-For': '10.20.30.41' },
      });
    await page.goto('/backend/lockouts');
    await page.getByRole('row').filter({ hasText: '10.20.30.41' }).waitFor();
    await app.screenshot(page, 'lockouts-dark');
    await page.evaluate(() => localStorage.removeItem('theme'));
  });
});

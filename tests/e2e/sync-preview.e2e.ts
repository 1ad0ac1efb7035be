// "Preview" beside "Sync now": after the demo cluster's first sync, a VM's role is changed in the
// inventory (with overwrite_vm_role on, the default, the sync puts it back). The endpoint's
// Preview starts a dry run whose run page shows exactly that change, field: old → new, and
// nothing is written: the VM keeps the changed role until a real sync.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { freePortPair, startApp, type App } from './harness';

let app: App;
let page: Page;
let key: string;

before(async () => {
  app = await startApp({ env: { PROXBOX_DEMO_PORT: String(await freePortPair()) } });
  page = await app.newPage();
  await app.login(page);
});
after(() => app?.stop());

const api = (path: string, init: RequestInit = {}) =>
  fetch(`${app.baseUrl}/api/${path}`, {
    ...init,
    headers: { Authorization: `Token ${key}`, 'content-type': 'application/json', ...init.headers },
  });

async function runFinished(status: string): Promise<void> {
  await page.waitForURL(/\/sync-jobs\/\d+$/);
  const progress = page.getByRole('region', { name: /^Progress/ });
  await progress.getByText(status, { exact: true }).waitFor({ timeout: 90_000 });
}

describe('sync preview', { timeout: 240_000 }, () => {
  test('the demo cluster is synced first, and an API key is made for the checks', async () => {
    await page.goto('/');
    await page.getByRole('button', { name: 'Try the demo cluster' }).click();
    await page.waitForURL('**/sync-jobs');
    await page.getByRole('table').getByRole('link').first().click();
    await runFinished('completed');
    await page.goto('/api-keys');
    await page.getByLabel('Description').fill('e2e preview');
    // Admin: it edits the VM's role.
    await page.getByLabel('Role').selectOption('admin');
    await page.getByRole('button', { name: 'Create key' }).click();
    const shown = page.getByTestId('created-api-key');
    await shown.waitFor();
    key = ((await shown.textContent()) ?? '').trim();
  });

  test('Preview shows the change a sync would make, and writes nothing', async () => {
    const list = (await (await api('virtualization/virtual-machines/?limit=1&ordering=id')).json()) as {
      results: { id: number; name: string; role: { id: number } }[];
    };
    const [vm] = list.results;
    const roles = (await (await api('dcim/device-roles/?vm_role=true&limit=50')).json()) as {
      results: { id: number }[];
    };
    const other = roles.results.find((r) => r.id !== vm.role.id)!;
    const patched = await api(`virtualization/virtual-machines/${vm.id}/`, {
      method: 'PATCH',
      body: JSON.stringify({ role: other.id }),
    });
    assert.equal(patched.status, 200, await patched.clone().text());

    await page.goto('/proxmox-endpoints');
    await page.getByRole('table').getByRole('link', { name: 'Demo cluster1' }).click();
    await page.getByRole('button', { name: 'Preview' }).click();
    await runFinished('completed');
    const preview = page.getByRole('region', { name: 'Sync preview' });
    await preview.waitFor({ timeout: 30_000 });
    assert.equal(
      ((await preview.getByTestId('plan-totals').textContent()) ?? '').trim(),
      'Inventory: create 0 · update 1 · delete 0',
    );
    const vms = preview.getByRole('region', { name: 'Virtual machines' });
    assert.equal(
      ((await vms.getByTestId('plan-type-counts').textContent()) ?? '').trim(),
      'create 0 · update 1 · delete 0',
    );
    // A single changed model is open: its row says which VM and which field, old → new.
    const row = vms.getByRole('row').filter({ hasText: vm.name });
    assert.match((await row.textContent()) ?? '', new RegExp(`roleId: ${other.id} → ${vm.role.id}`));
    await app.screenshot(page, 'sync-preview');

    // Nothing was written: the VM keeps the changed role.
    const after = (await (await api(`virtualization/virtual-machines/${vm.id}/`)).json()) as { role: { id: number } };
    assert.equal(after.role.id, other.id);

    // The VM's own Preview: a run limited to the VM, showing the same change.
    await page.goto(`/virtual-machines/${vm.id}`);
    await page.getByRole('region', { name: 'Sync' }).getByRole('button', { name: 'Preview' }).click();
    await runFinished('completed');
    const own = page.getByRole('region', { name: 'Sync preview' });
    await own.waitFor({ timeout: 30_000 });
    assert.equal(
      ((await own.getByTestId('plan-totals').textContent()) ?? '').trim(),
      'Inventory: create 0 · update 1 · delete 0',
    );
    assert.match(
      (await own.getByRole('row').filter({ hasText: vm.name }).textContent()) ?? '',
      new RegExp(`roleId: ${other.id} → ${vm.role.id}`),
    );
    const still = (await (await api(`virtualization/virtual-machines/${vm.id}/`)).json()) as { role: { id: number } };
    assert.equal(still.role.id, other.id);
  });
});
